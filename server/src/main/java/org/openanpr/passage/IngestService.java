package org.openanpr.passage;

import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.access.Principal;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.recognition.PlateReader;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The read pipeline, composed here and only here. A request's reads go through named stages:
 * <ol>
 *   <li><b>validate</b> ({@link ReadValidator}): each read alone; a bad one is refused with its reason and never
 *       costs the good ones their place. A read that is an image without a plate is read by the recogniser
 *       ({@link PlateReader}, its own bounded pool; full: that read is refused, text reads never wait for it);</li>
 *   <li><b>find</b> ({@link FindingStage}s, in order): match lists (hits) now; zones, section speed and clones are to
 *       come. In memory, before any transaction;</li>
 *   <li><b>store</b> ({@link GroupCommit} with {@link PassageStore}): the reads and every stage's findings and counts
 *       in one transaction shared with other requests' reads, one commit; the answer waits for it;</li>
 *   <li><b>publish</b> (each stage's {@link FindingStage.Publication}): after the commit, through an outbox, so a
 *       crash in between loses nothing.</li>
 * </ol>
 * Nothing here is HTTP: a queue worker can run the same pipeline.
 */
public final class IngestService implements AutoCloseable {
    private final CameraRegistry cameras;
    private final ReadValidator validator;
    private final List<FindingStage> stages;
    private final Predicate<String> keepsNoFindingReads;
    private final GroupCommit store;
    private final IngestMetrics metrics;
    private final Clock clock;
    /** Null: this process stores the reads; else they are handed over to workers after validation. */
    private final ReadHandoff handoff;

    /**
     * @param keepsNoFindingReads whether a camera's reads without any finding are stored (false under "hits only")
     */
    public IngestService(DataSource db, CameraRegistry cameras, PassageStore passages, List<FindingStage> stages,
                         Predicate<String> keepsNoFindingReads, IngestLimits limits, Clock clock, PrometheusRegistry registry) {
        this(db, cameras, passages, stages, keepsNoFindingReads, limits, clock, registry, null, null);
    }

    /**
     * @param plateReader reads the plate of a read that arrives as an image without one, in its own bounded pool (a
     *                    full pool refuses that read, never a text read); null: such reads are refused
     * @param handoff where validated reads go instead of the find and store stages (a Kafka topic, read by workers
     *                that call {@link #process}); null to run the whole pipeline here
     */
    public IngestService(DataSource db, CameraRegistry cameras, PassageStore passages, List<FindingStage> stages,
                         Predicate<String> keepsNoFindingReads, IngestLimits limits, Clock clock, PrometheusRegistry registry,
                         PlateReader plateReader, ReadHandoff handoff) {
        this.handoff = handoff;
        this.cameras = cameras;
        this.validator = new ReadValidator(cameras::find, limits, plateReader);
        this.stages = List.copyOf(stages);
        this.keepsNoFindingReads = keepsNoFindingReads;
        this.metrics = new IngestMetrics(registry);
        this.store = new GroupCommit(db, passages, this.stages, writers(db), metrics::committed);
        this.clock = clock;
    }

    /**
     * Writers, each holding a connection while it writes: enough to keep the disk busy with flushes, few enough to
     * leave most of the pool to everything else (a pool of 2 gets one).
     */
    private static int writers(DataSource db) {
        int pool = db instanceof HikariDataSource h ? h.getMaximumPoolSize() : 8;
        return Math.clamp(pool / 4, 1, 4);
    }

    /** Ingests already-built reads, as the demo feeder and benchmarks do; the sender is trusted. */
    public IngestResult ingest(List<IncomingRead> reads) {
        return ingest(new Principal.SystemAdmin("internal"), reads.stream().<ReadParser.Item>map(ReadParser.Item.Parsed::new).toList());
    }

    /** Ingests reads whose images are JPEG bytes already, as connectors decode them; the sender is trusted. */
    public IngestResult ingestJpeg(List<JpegRead> reads) {
        return ingest(new Principal.SystemAdmin("internal"), reads.stream()
                .<ReadParser.Item>map(r -> new ReadParser.Item.Parsed(r.read(), r.plateJpeg(), r.overviewJpeg())).toList());
    }

    /**
     * @throws NotStored when the reads could not be stored (the answer says whether the commit is in doubt)
     * @throws ForeignCameraReads when a camera's token names another camera (nothing is stored)
     */
    IngestResult ingest(Principal sender, List<ReadParser.Item> items) {
        long start = System.nanoTime();
        if (sender instanceof Principal.CameraDevice device) refuseForeignReads(device, items);
        ItemResultSlot[] slots = new ItemResultSlot[items.size()];
        List<Passage> valid = validate(items, slots);
        Set<UUID> claimed;
        if (handoff != null) {
            // Held durably by the queue: "accepted" means a worker will store it; a resend is told apart there.
            if (!valid.isEmpty()) handoff.handOver(valid);
            claimed = new java.util.HashSet<>();
            for (Passage p : valid) claimed.add(p.id());
        } else {
            claimed = process(valid);
        }
        List<IngestResult.ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < slots.length; i++) {
            ItemResultSlot s = slots[i];
            IngestResult.Status status = s.status != null ? s.status
                    : claimed.contains(s.id) ? IngestResult.Status.accepted : IngestResult.Status.duplicate;
            results.add(new IngestResult.ItemResult(i, s.id, status, s.reason));
        }
        IngestResult result = IngestResult.of(results);
        metrics.record(result, System.nanoTime() - start);
        return result;
    }

    /** Whether reads are handed over to workers ({@code serve --kafka}) rather than stored by this process. */
    public boolean handsOff() {
        return handoff != null;
    }

    /**
     * The stages after validation: find, store, publish, for reads already validated (here, or by the node that handed
     * them over to a queue worker). Returns once they are committed, with the ids that were new; a read whose id is
     * already stored is a duplicate and changes nothing, so a redelivered batch is harmless.
     *
     * @throws NotStored when the reads could not be stored
     */
    public Set<UUID> process(List<Passage> valid) {
        if (valid.isEmpty()) return Set.of();
        List<FindingStage.Findings> findings = new ArrayList<>(stages.size());
        for (FindingStage stage : stages) findings.add(stage.examine(valid));
        Set<UUID> claimed = store.store(valid, findings, p -> keep(p, findings));
        Map<String, Instant> latestPerCamera = new HashMap<>();
        for (Passage p : valid) latestPerCamera.merge(p.cameraId(), p.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
        latestPerCamera.forEach(cameras::markRead);
        return claimed;
    }

    /** The validate stage: fills every item's slot that is decided now, returns the valid reads (ids distinct). */
    private List<Passage> validate(List<ReadParser.Item> items, ItemResultSlot[] slots) {
        Instant now = clock.instant();
        List<Passage> valid = new ArrayList<>(items.size());
        Map<UUID, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            switch (items.get(i)) {
                case ReadParser.Item.Unreadable u -> slots[i] = ItemResultSlot.rejected(u.id(), u.reason());
                case ReadParser.Item.Parsed p -> {
                    try {
                        Passage passage = validator.validate(p.read(), p.plateJpeg(), p.overviewJpeg(), now);
                        if (firstIndex.putIfAbsent(passage.id(), i) != null) {
                            slots[i] = ItemResultSlot.duplicate(passage.id());
                        } else {
                            valid.add(passage);
                            slots[i] = ItemResultSlot.pending(passage.id());
                        }
                    } catch (IllegalArgumentException e) {
                        slots[i] = ItemResultSlot.rejected(p.read().id(), e.getMessage());
                    }
                }
            }
        }
        return valid;
    }

    /** A read is stored when its camera keeps every read, or when a stage found something in it. */
    private boolean keep(Passage p, List<FindingStage.Findings> findings) {
        if (keepsNoFindingReads.test(p.cameraId())) return true;
        for (FindingStage.Findings f : findings) if (f.found(p)) return true;
        return false;
    }

    private static void refuseForeignReads(Principal.CameraDevice device, List<ReadParser.Item> items) {
        for (ReadParser.Item item : items) {
            if (item instanceof ReadParser.Item.Parsed p && p.read().camera() != null
                    && !device.cameraId().equals(p.read().camera()))
                throw new ForeignCameraReads(device.cameraId(), p.read().camera());
        }
    }

    /** Stops taking reads; what is queued is still written. */
    @Override
    public void close() {
        store.close();
    }

    /** An item's fate while the batch is being stored; status null means "decided by the insert". */
    private record ItemResultSlot(UUID id, IngestResult.Status status, String reason) {
        static ItemResultSlot rejected(UUID id, String reason) {
            return new ItemResultSlot(id, IngestResult.Status.rejected, reason);
        }

        static ItemResultSlot duplicate(UUID id) {
            return new ItemResultSlot(id, IngestResult.Status.duplicate, null);
        }

        static ItemResultSlot pending(UUID id) {
            return new ItemResultSlot(id, null, null);
        }
    }
}
