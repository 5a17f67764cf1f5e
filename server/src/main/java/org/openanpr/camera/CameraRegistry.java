package org.openanpr.camera;

import org.openanpr.db.RequestTransaction;
import org.openanpr.access.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cameras, held in memory because every read is checked against them, written through to PostgreSQL.
 * Last-read times change with every read, so they are kept here and saved in the background by {@link #flush()}.
 */
public final class CameraRegistry {
    private static final Logger log = LoggerFactory.getLogger(CameraRegistry.class);
    private final CameraStore store;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Map<String, Instant> unsavedLastReads = new ConcurrentHashMap<>();

    public CameraRegistry(DataSource db) {
        this.store = new CameraStore(db);
        for (Camera c : store.all()) cameras.put(c.id(), c);
    }

    /**
     * Reads the cameras again from the database, for a process that does not see the changes being made (a queue
     * worker, while serve nodes change cameras): added and changed ones replace what is held, deleted ones go.
     * Returns whether anything changed. Last-read times held here are kept.
     */
    public boolean reload() {
        Map<String, Camera> fresh = new HashMap<>();
        for (Camera c : store.all()) fresh.put(c.id(), c);
        boolean changed = !fresh.keySet().equals(cameras.keySet());
        cameras.keySet().retainAll(fresh.keySet());
        for (Camera c : fresh.values()) {
            Camera old = cameras.get(c.id());
            Camera next = old == null ? c : c.withLastReadAt(old.lastReadAt());
            if (!next.equals(old)) {
                changed |= old == null || !next.withLastReadAt(null).equals(old.withLastReadAt(null));
                cameras.put(c.id(), next);
            }
        }
        return changed;
    }

    public Optional<Camera> find(String id) {
        return Optional.ofNullable(cameras.get(id));
    }

    public List<Camera> all() {
        return cameras.values().stream().sorted(Comparator.comparing(Camera::id)).toList();
    }

    /**
     * The cameras a caller may see: every one for the system token, else its organisation's own and those shared
     * with it now, as the request's visibility (resolved from the database) lists them.
     */
    public List<Camera> visible(Visibility v) {
        return all().stream().filter(c -> v.seesCamera(c.id())).toList();
    }

    /** The camera if the caller may see it (own or shared). */
    public Optional<Camera> find(String id, Visibility v) {
        return find(id).filter(c -> v.seesCamera(c.id()));
    }

    public void saveAll(Collection<Camera> changed) {
        store.upsertAll(changed);
        for (Camera c : changed) {
            Camera old = cameras.get(c.id());
            cameras.put(c.id(), old == null ? c : c.withLastReadAt(old.lastReadAt()));
        }
        RequestTransaction.againAtEnd(this::reload); // what was committed, not what a rolled-back change would have been
    }

    public boolean delete(String id) {
        boolean deleted = store.delete(id);
        cameras.remove(id);
        RequestTransaction.againAtEnd(this::reload);
        return deleted;
    }

    public void markRead(String cameraId, Instant at) {
        cameras.computeIfPresent(cameraId, (id, c) ->
                c.lastReadAt() == null || c.lastReadAt().isBefore(at) ? c.withLastReadAt(at) : c);
        unsavedLastReads.merge(cameraId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    public void flush() {
        if (unsavedLastReads.isEmpty()) return;
        Map<String, Instant> batch = new HashMap<>();
        for (String id : unsavedLastReads.keySet()) {
            Instant at = unsavedLastReads.remove(id);
            if (at != null) batch.put(id, at);
        }
        try {
            store.saveLastReads(batch);
        } catch (RuntimeException e) {
            log.warn("last-read times not saved, retrying later", e);
            batch.forEach((id, at) -> unsavedLastReads.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
        }
    }
}
