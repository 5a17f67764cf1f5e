package org.openanpr.connector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.passage.IncomingRead;
import org.openanpr.passage.IngestResult;
import org.openanpr.passage.IngestService;
import org.openanpr.passage.JpegRead;
import org.openanpr.passage.NotStored;
import org.openanpr.passage.Travel;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A connector's message on its way into the one read pipeline: decode (the vendor's {@link VendorFormat}) → map the
 * vendor's camera to ours (an unmapped camera's reads are held and the camera listed for the administrator) →
 * collapse repeated frames → {@link IngestService} with read ids derived from the connector and the vendor's event
 * id, so a redelivered message is a duplicate, never a second passage. A message that cannot be read is kept for
 * inspection and answered with a 4xx naming what is wrong.
 */
public final class ConnectorService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectorService.class);
    /** Frames of one plate at one camera within this window are one vehicle. */
    static final Duration FRAME_WINDOW = Duration.ofSeconds(10);
    private static final int FRAME_KEYS = 50_000;
    private static final int REPLAY_CHUNK = 1_000;

    private final ConnectorStore store;
    private final IngestService ingest;
    private final ConnectorMetrics metrics;
    private final Clock clock;
    private final MqttFeeds mqtt;
    private final FolderFeeds folders;
    private final CsvImports imports;
    private final Map<String, Instant> frames = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > FRAME_KEYS;
        }
    };
    private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-seen-flush");
        t.setDaemon(true);
        return t;
    });

    /** What became of a message: counts and each read's fate. */
    public record Receipt(int accepted, int duplicates, int rejected, int held, int skipped, int heartbeats,
                          List<Item> items, List<String> notes) {
    }

    /** One read of the message: its id (derived from the vendor's event id), cameras, status and reason. */
    public record Item(int index, UUID id, String plate, String vendorCamera, String camera, String status, String reason) {
    }

    public ConnectorService(DataSource db, IngestService ingest, Clock clock, PrometheusRegistry registry) {
        this.store = new ConnectorStore(db);
        this.ingest = ingest;
        this.metrics = new ConnectorMetrics(registry, store::certificateExpiries);
        this.clock = clock;
        flusher.scheduleWithFixedDelay(this::flushSeen, 5, 5, TimeUnit.SECONDS);
        this.mqtt = new MqttFeeds(this::fromBroker);
        mqtt.sync(store.all());
        this.folders = new FolderFeeds(new FolderFeeds.Receiver() {
            @Override
            public Receipt deliver(Connector c, Decoded decoded) {
                metrics.payload(c.id(), "read", clock.instant());
                return ConnectorService.this.deliver(c, decoded);
            }

            @Override
            public void unreadable(Connector c, String name, String reason, byte[] content) {
                Instant now = clock.instant();
                store.reject(c.id(), name + ": " + reason, new Payload("application/octet-stream", content), now);
                metrics.payload(c.id(), "unreadable", now);
                metrics.error(c.id(), now, name + ": " + reason);
            }
        }, clock);
        folders.sync(store.all());
        this.imports = new CsvImports(db, this, clock);
    }

    /** The connectors' CSV imports of historical reads, run as jobs. */
    public CsvImports imports() {
        return imports;
    }

    /** One round over a folder connector's folder now (the poller does it every 2 s); returns the files handled. */
    int pollFolder(Connector c) throws java.io.IOException {
        return folders.poll(c);
    }

    /** After connectors were created or deleted: the MQTT subscriptions follow. */
    public void connectorsChanged() {
        mqtt.sync(store.all());
        folders.sync(store.all());
    }

    /** How the connector is linked: its MQTT subscription's state; null for one that is posted to. */
    String link(Connector c) {
        return c.kind().mqtt() ? java.util.Objects.requireNonNullElse(mqtt.state(c.id()), "not subscribed") : null;
    }

    /**
     * A message from a broker. One that cannot be read is kept as rejected and acknowledged (sent again it would be
     * as unreadable); one whose reads could not be stored throws, so that the broker delivers it again.
     */
    void fromBroker(Connector c, Payload payload) {
        try {
            receive(c, payload);
        } catch (ApiException e) {
            if (e.status() >= 500) throw e;
        }
    }

    public ConnectorStore store() {
        return store;
    }

    ConnectorMetrics.View stats(String connector) {
        return metrics.view(connector);
    }

    Instant now() {
        return clock.instant();
    }

    void unauthorised(String connector) {
        metrics.unauthorised(connector);
    }

    /** A refused delivery whose reason only the connector's administrator is told (its last errors). */
    void unauthorised(String connector, String reason) {
        metrics.unauthorised(connector);
        metrics.error(connector, clock.instant(), reason);
    }

    /** The id a read of this connector gets for a vendor event id: the same at every redelivery. */
    public static UUID readId(String connector, String eventId) {
        return UUID.nameUUIDFromBytes(("openanpr/connector/" + connector + "/" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes and delivers one message.
     *
     * @throws ApiException 4xx naming what is wrong (the payload kept for inspection), or 503 when the reads could
     *                      not be stored (a resend is safe)
     */
    public Receipt receive(Connector c, Payload payload) {
        Instant now = clock.instant();
        Decoded decoded;
        try {
            decoded = c.format().decode(payload);
        } catch (UnreadablePayload e) {
            long id = store.reject(c.id(), e.getMessage(), payload, now);
            metrics.payload(c.id(), "unreadable", now);
            metrics.error(c.id(), now, e.getMessage());
            throw new ApiException(e.status(), e.getMessage() + "; nothing was stored, the payload is kept for the administrator as rejected payload " + id,
                    Map.of("rejectedPayload", id));
        }
        metrics.payload(c.id(), "read", now);
        Receipt receipt = deliver(c, decoded);
        if (!decoded.reads().isEmpty() && receipt.rejected() == decoded.reads().size()) {
            String reasons = String.join("; ", receipt.items().stream().map(Item::reason).distinct().toList());
            long id = store.reject(c.id(), "every read refused: " + reasons, payload, now);
            throw new ApiException(422, "every read of the message was refused: " + reasons
                    + "; the payload is kept for the administrator as rejected payload " + id,
                    Map.of("rejectedPayload", id, "items", receipt.items()));
        }
        return receipt;
    }

    /** Delivers decoded reads and heartbeats (from HTTP, a broker or a folder). */
    public Receipt deliver(Connector c, Decoded decoded) {
        Instant now = clock.instant();
        for (Heartbeat h : decoded.heartbeats()) store.heartbeat(c.id(), h, now);
        metrics.heartbeats(c.id(), decoded.heartbeats().size());
        List<String> notes = new ArrayList<>(decoded.skipped());
        int skipped = decoded.skipped().size();
        Item[] items = new Item[decoded.reads().size()];
        List<JpegRead> toIngest = new ArrayList<>();
        List<Integer> ingestIndex = new ArrayList<>();
        Map<String, List<IncomingRead>> toHold = new LinkedHashMap<>();
        Map<String, List<Integer>> holdIndex = new HashMap<>();
        for (int i = 0; i < items.length; i++) {
            VendorRead v = decoded.reads().get(i);
            UUID id = readId(c.id(), v.eventId());
            if (v.frameKey() != null && repeatedFrame(c.id() + "/" + v.frameKey(), v.time())) {
                items[i] = new Item(i, id, v.plate(), v.vendorCamera(), null, "skipped", "a repeated frame of a vehicle already read");
                skipped++;
                continue;
            }
            List<String> readNotes = new ArrayList<>(v.notes());
            String camera = store.cameraFor(c, v.vendorCamera());
            IncomingRead read = toRead(id, camera, v, readNotes);
            notes.addAll(readNotes);
            if (camera == null) {
                String vc = v.vendorCamera() == null ? "" : v.vendorCamera();
                // Held as the JSON of a read, its images in base64, until the camera is mapped.
                toHold.computeIfAbsent(vc, k -> new ArrayList<>()).add(withImages(read, base64(v.plateJpeg()), base64(v.overviewJpeg())));
                holdIndex.computeIfAbsent(vc, k -> new ArrayList<>()).add(i);
            } else {
                count(c.id(), v.vendorCamera());
                toIngest.add(new JpegRead(read, v.plateJpeg(), v.overviewJpeg()));
                ingestIndex.add(i);
            }
        }
        int held = 0;
        for (Map.Entry<String, List<IncomingRead>> h : toHold.entrySet()) {
            boolean kept = store.hold(c.id(), h.getKey(), h.getValue(), now);
            store.seen(c.id(), Map.of(h.getKey(), (long) h.getValue().size()), now);
            List<Integer> indexes = holdIndex.get(h.getKey());
            for (int k = 0; k < indexes.size(); k++) {
                IncomingRead r = h.getValue().get(k);
                String reason = kept ? "camera '" + h.getKey() + "' of this connector is not mapped to a camera: held until an administrator maps it"
                        : "camera '" + h.getKey() + "' is not mapped and the connector already holds " + ConnectorStore.HELD_MAX + " reads: refused";
                items[indexes.get(k)] = new Item(indexes.get(k), r.id(), r.plate(), h.getKey(), null, kept ? "held" : "rejected", reason);
            }
            if (kept) held += indexes.size();
            else metrics.error(c.id(), now, items[indexes.getFirst()].reason());
        }
        int accepted = 0, duplicates = 0, rejected = (int) java.util.Arrays.stream(items).filter(it -> it != null && it.status().equals("rejected")).count();
        if (!toIngest.isEmpty()) {
            IngestResult result;
            try {
                result = ingest.ingestJpeg(toIngest);
            } catch (NotStored e) {
                metrics.error(c.id(), now, e.getMessage());
                throw new ApiException(503, e.getMessage());
            }
            for (IngestResult.ItemResult r : result.items()) {
                int i = ingestIndex.get(r.index());
                IncomingRead read = toIngest.get(r.index()).read();
                VendorRead v = decoded.reads().get(i);
                items[i] = new Item(i, read.id(), read.plate(), v.vendorCamera(), read.camera(), r.status().name(), r.reason());
                switch (r.status()) {
                    case accepted -> accepted++;
                    case duplicate -> duplicates++;
                    case rejected -> {
                        rejected++;
                        metrics.error(c.id(), now, "read " + v.eventId() + ": " + r.reason());
                    }
                }
            }
        }
        metrics.reads(c.id(), "accepted", accepted);
        metrics.reads(c.id(), "duplicate", duplicates);
        metrics.reads(c.id(), "rejected", rejected);
        metrics.reads(c.id(), "held", held);
        metrics.reads(c.id(), "skipped", skipped);
        return new Receipt(accepted, duplicates, rejected, held, skipped, decoded.heartbeats().size(), List.of(items), notes);
    }

    /** After a vendor camera was mapped: its held reads through the pipeline, oldest first; returns what became of them. */
    public Receipt replayHeld(Connector c, String vendorCamera) {
        int accepted = 0, duplicates = 0, rejected = 0;
        List<Item> items = new ArrayList<>();
        String camera = store.cameraFor(c, vendorCamera);
        if (camera == null) return new Receipt(0, 0, 0, 0, 0, 0, List.of(), List.of());
        while (true) {
            List<ConnectorStore.HeldRead> held = store.held(c.id(), vendorCamera, REPLAY_CHUNK);
            if (held.isEmpty()) break;
            List<IncomingRead> reads = held.stream().map(h -> withCamera(h.read(), camera)).toList();
            IngestResult result = ingest.ingest(reads);
            for (IngestResult.ItemResult r : result.items()) {
                switch (r.status()) {
                    case accepted -> accepted++;
                    case duplicate -> duplicates++;
                    case rejected -> {
                        rejected++;
                        items.add(new Item(items.size(), r.id(), reads.get(r.index()).plate(), vendorCamera, camera, "rejected", r.reason()));
                        metrics.error(c.id(), clock.instant(), "held read " + r.id() + ": " + r.reason());
                    }
                }
            }
            // Delivered or refused for good (a refused read stays refused): either way no longer held.
            store.release(held.stream().map(ConnectorStore.HeldRead::id).toList());
        }
        metrics.reads(c.id(), "accepted", accepted);
        metrics.reads(c.id(), "duplicate", duplicates);
        metrics.reads(c.id(), "rejected", rejected);
        return new Receipt(accepted, duplicates, rejected, 0, 0, 0, items, List.of());
    }

    private static IncomingRead withCamera(IncomingRead r, String camera) {
        return new IncomingRead(r.id(), camera, r.plate(), r.country(), r.confidence(), r.time(), r.lat(), r.lon(),
                r.plateImage(), r.overviewImage(), r.make(), r.model(), r.colour(), r.vehicleType(), r.direction(), r.speed());
    }

    private static IncomingRead withImages(IncomingRead r, String plateImage, String overviewImage) {
        return new IncomingRead(r.id(), r.camera(), r.plate(), r.country(), r.confidence(), r.time(), r.lat(), r.lon(),
                plateImage, overviewImage, r.make(), r.model(), r.colour(), r.vehicleType(), r.direction(), r.speed());
    }

    /**
     * The read as the pipeline takes it, without its images (they go beside it as bytes). Attributes our pipeline would
     * refuse (a make with markup, a heading out of range) are dropped with a note: they must not cost the read.
     */
    static IncomingRead toRead(UUID id, String camera, VendorRead v, List<String> notes) {
        String make = v.make(), model = v.model(), colour = v.colour(), type = v.vehicleType();
        try {
            VendorDescriptionCheck.check(make, model, colour, type);
        } catch (IllegalArgumentException e) {
            make = VendorDescriptionCheck.orNull("make", make, notes);
            model = VendorDescriptionCheck.orNull("model", model, notes);
            colour = VendorDescriptionCheck.orNull("colour", colour, notes);
            type = VendorDescriptionCheck.orNull("vehicleType", type, notes);
        }
        String direction = v.direction();
        Double speed = v.speed();
        try {
            Travel.of(direction, speed);
        } catch (IllegalArgumentException e) {
            notes.add(e.getMessage() + ": not kept");
            direction = null;
            speed = null;
        }
        Double lat = v.lat(), lon = v.lon();
        if (lat == null || lon == null) lat = lon = null;
        else if (!IncomingRead.onEarth(lat, lon)) {
            notes.add("lat/lon: " + lat + ", " + lon + " out of range: not kept");
            lat = lon = null;
        }
        String country = v.country();
        try {
            if (country != null) Country.of(country);
        } catch (InvalidPlateException e) {
            notes.add("country: " + e.getMessage() + ": not kept, the plate's country is inferred");
            country = null;
        }
        return new IncomingRead(id, camera, v.plate(), country, v.confidence(), v.time().atOffset(ZoneOffset.UTC),
                lat, lon, null, null, make, model, colour, type, direction, speed);
    }

    /** Vehicle attributes checked one by one against the pipeline's rules. */
    private static final class VendorDescriptionCheck {
        static void check(String make, String model, String colour, String type) {
            VehicleDescription.of(make, model, colour, type);
        }

        static String orNull(String field, String value, List<String> notes) {
            try {
                switch (field) {
                    case "make" -> VehicleDescription.of(value, null, null, null);
                    case "model" -> VehicleDescription.of(null, value, null, null);
                    case "colour" -> VehicleDescription.of(null, null, value, null);
                    default -> VehicleDescription.of(null, null, null, value);
                }
                return value;
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage() + ": not kept");
                return null;
            }
        }
    }

    private static String base64(byte[] jpeg) {
        return jpeg == null ? null : Base64.getEncoder().encodeToString(jpeg);
    }

    private boolean repeatedFrame(String key, Instant at) {
        synchronized (frames) {
            Instant last = frames.get(key);
            boolean repeated = last != null && Duration.between(last, at).abs().compareTo(FRAME_WINDOW) <= 0;
            if (last == null || at.isAfter(last)) frames.put(key, at);
            return repeated;
        }
    }

    private void count(String connector, String vendorCamera) {
        if (vendorCamera == null) return;
        seen.computeIfAbsent(connector, k -> new ConcurrentHashMap<>()).merge(vendorCamera, 1L, Long::sum);
    }

    /** Writes the per-camera read counts gathered since the last flush; also at close. */
    void flushSeen() {
        try {
            Instant now = clock.instant();
            for (String connector : seen.keySet()) {
                Map<String, Long> counts = seen.get(connector);
                Map<String, Long> taken = new HashMap<>();
                for (String camera : counts.keySet()) {
                    Long n = counts.remove(camera);
                    if (n != null) taken.put(camera, n);
                }
                if (!taken.isEmpty() && store.find(connector).isPresent()) store.seen(connector, taken, now);
            }
        } catch (RuntimeException e) {
            log.warn("writing connector camera counts failed; retried in 5 s: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        imports.close();
        mqtt.close();
        folders.close();
        flusher.shutdownNow();
        flushSeen();
    }
}
