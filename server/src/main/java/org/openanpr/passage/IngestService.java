package org.openanpr.passage;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.access.Principal;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The path of a batch of reads: parse → check the sender → validate each → match against the active lists →
 * store reads and hits durably in one transaction → alert → report each item.
 * One bad read never costs the good ones their place.
 */
public final class IngestService {
    private final CameraRegistry cameras;
    private final PassageStore store;
    private final ReadValidator validator;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final MatchStage matcher;

    public IngestService(CameraRegistry cameras, PassageStore store, MatchStage matcher, IngestLimits limits,
                         Clock clock, PrometheusRegistry registry) {
        this.cameras = cameras;
        this.store = store;
        this.matcher = matcher;
        this.validator = new ReadValidator(cameras::find, limits);
        this.metrics = new IngestMetrics(registry);
        this.clock = clock;
    }

    /** Ingests already-built reads, as the demo feeder and benchmarks do; the sender is trusted. */
    public IngestResult ingest(List<IncomingRead> reads) {
        return ingest(new Principal.SystemAdmin("internal"), reads.stream().<ReadParser.Item>map(ReadParser.Item.Parsed::new).toList());
    }

    IngestResult ingest(Principal sender, List<ReadParser.Item> items) {
        long start = System.nanoTime();
        if (sender instanceof Principal.CameraDevice device) refuseForeignReads(device, items);
        Instant now = clock.instant();
        ItemResultSlot[] slots = new ItemResultSlot[items.size()];
        List<Passage> valid = new ArrayList<>(items.size());
        Map<UUID, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            switch (items.get(i)) {
                case ReadParser.Item.Unreadable u -> slots[i] = ItemResultSlot.rejected(u.id(), u.reason());
                case ReadParser.Item.Parsed p -> {
                    try {
                        Passage passage = validator.validate(p.read(), now);
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
        Set<UUID> inserted = new HashSet<>();
        if (!valid.isEmpty()) {
            MatchStage.Pending matched = matcher.match(valid);
            List<Passage> kept = new ArrayList<>(valid.size());
            for (Passage p : valid) {
                if (matched.keep(p)) kept.add(p);
                else inserted.add(p.id()); // accepted and counted, deliberately not written
            }
            inserted.addAll(store.insert(kept, matched));
        }
        Map<String, Instant> latestPerCamera = new HashMap<>();
        for (Passage p : valid) latestPerCamera.merge(p.cameraId(), p.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
        latestPerCamera.forEach(cameras::markRead);

        List<IngestResult.ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < slots.length; i++) {
            ItemResultSlot s = slots[i];
            IngestResult.Status status = s.status != null ? s.status
                    : inserted.contains(s.id) ? IngestResult.Status.accepted : IngestResult.Status.duplicate;
            results.add(new IngestResult.ItemResult(i, s.id, status, s.reason));
        }
        IngestResult result = IngestResult.of(results);
        metrics.record(result, System.nanoTime() - start);
        return result;
    }

    private static void refuseForeignReads(Principal.CameraDevice device, List<ReadParser.Item> items) {
        for (ReadParser.Item item : items) {
            if (item instanceof ReadParser.Item.Parsed p && p.read().camera() != null
                    && !device.cameraId().equals(p.read().camera()))
                throw ApiException.forbidden("the token of camera '" + device.cameraId()
                        + "' may not deliver reads for camera '" + p.read().camera() + "'; nothing was stored");
        }
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
