package org.openanpr.hit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.action.ActionStore;
import org.openanpr.bench.SyntheticReads;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hotlist.ActivationStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.audit.AuditLog;
import org.openanpr.hotlist.Matcher;
import org.openanpr.passage.IncomingRead;
import org.openanpr.passage.IngestLimits;
import org.openanpr.passage.IngestResult;
import org.openanpr.passage.IngestService;
import org.openanpr.passage.Partitions;
import org.openanpr.passage.PassageStore;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, must show 1: the read pipeline owns one transaction and tells the truth. With the connection pool at its
 * minimum, 50 concurrent batches full of hits (resent when the ingest lane is full): every answer is 200 and true to what was committed, every acknowledged
 * read is stored with its hits, every hit is alerted. And a crash between a commit and its alerts still alerts, after
 * the restart, from the outbox.
 */
class ReadPipelineFaultTest {
    static final int BATCHES = 50;
    static final int PER_BATCH = 40;
    /** Reads each batch shares with the next one: concurrent requests carrying the same read. */
    static final int SHARED = 4;
    /**
     * The smallest pool the server starts on (Flyway's migration holds two connections): the pipeline gets one writer,
     * which never asks for a second connection while it holds its own.
     */
    static final int MINIMUM_POOL = 2;

    @Test
    void fiftyConcurrentBatchesOfHitsOnTheSmallestPoolAreAllStoredAnsweredTrulyAndAlerted() throws Exception {
        try (TestServer server = TestServer.start(ReadPipelineFaultTest.class, MINIMUM_POOL, c -> c)) {
            List<String> plates = stolenList(server, BATCHES * PER_BATCH);
            Instant now = Instant.now();
            List<List<UUID>> ids = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                List<UUID> batch = new ArrayList<>();
                for (int i = 0; i < PER_BATCH; i++) batch.add(UUID.randomUUID());
                ids.add(batch);
            }
            for (int b = 1; b < BATCHES; b++) // the first SHARED reads of each batch are also the last of the one before
                for (int i = 0; i < SHARED; i++) ids.get(b - 1).set(PER_BATCH - SHARED + i, ids.get(b).get(i));

            Set<UUID> accepted = ConcurrentHashMap.newKeySet();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            try (SseListener sse = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", TestServer.ADMIN_TOKEN)) {
                assertThat(sse.status()).isEqualTo(200);
                ExecutorService clients = Executors.newFixedThreadPool(BATCHES);
                List<Future<?>> done = new ArrayList<>();
                for (int b = 0; b < BATCHES; b++) {
                    List<UUID> batch = ids.get(b);
                    done.add(clients.submit(() -> {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < batch.size(); i++) {
                            UUID id = batch.get(i);
                            body.append(i == 0 ? "" : ",").append("""
                                    {"id":"%s","camera":"FLT-1","plate":"%s","confidence":0.9,"time":"%s"}""".formatted(
                                    id, plates.get(Math.floorMod(id.hashCode(), plates.size())), now.minusSeconds(10)));
                        }
                        String json = body.append("]").toString();
                        TestServer.Response res = server.post("/api/v1/reads", "application/json", json);
                        // More than the ingest lane's 32 at once: refused before anything is read, and resent.
                        while (res.status() == 503 && res.reason().startsWith("too many ingest requests")) {
                            Thread.sleep(20);
                            res = server.post("/api/v1/reads", "application/json", json);
                        }
                        statuses.add(res.status());
                        if (res.status() == 200)
                            for (JsonNode item : res.json().path("items"))
                                if (item.path("status").asText().equals("accepted")) accepted.add(UUID.fromString(item.path("id").asText()));
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                clients.shutdown();

                assertThat(statuses).as("every batch answered 200").hasSize(BATCHES).containsOnly(200);
                int distinct = BATCHES * PER_BATCH - (BATCHES - 1) * SHARED;
                assertThat(accepted).as("each distinct read accepted exactly once").hasSize(distinct);
                DataSource db = server.db().dataSource();
                assertThat(ids(db, "select id from passage where camera_id = 'FLT-1'")).as("stored = acknowledged")
                        .isEqualTo(accepted);
                Set<UUID> hitReads = ids(db, "select passage_id from hit where camera_id = 'FLT-1'");
                assertThat(hitReads).as("every acknowledged read stored with its hit").isEqualTo(accepted);
                Set<UUID> hits = ids(db, "select id from hit where camera_id = 'FLT-1'");
                assertThat(hits).hasSize(distinct);

                Set<UUID> alerted = new HashSet<>();
                Instant deadline = Instant.now().plusSeconds(30);
                while (!alerted.containsAll(hits) && Instant.now().isBefore(deadline)) {
                    SseListener.Event e = sse.next(Duration.ofSeconds(1));
                    if (e != null && "hit".equals(e.name())) alerted.add(UUID.fromString(e.id()));
                }
                assertThat(alerted).as("every hit alerted").containsAll(hits);
                assertThat(ids(db, "select hit_id from alert_outbox")).as("the outbox emptied once published").isEmpty();
            }
        }
    }

    @Test
    void aCrashBetweenCommitAndAlertStillAlertsAfterTheRestart() throws Exception {
        TestServer first = TestServer.start(ReadPipelineFaultTest.class, MINIMUM_POOL, c -> c);
        try {
            List<String> plates = stolenList(first, 3);
            first.server().close(); // the process is gone; its database stays
            DataSource db = first.db().dataSource();

            // The same pipeline as the server's, whose process "dies" when it hands its alerts over.
            CameraRegistry cameras = new CameraRegistry(db);
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            ListStore lists = new ListStore(db, audit);
            HitStore hitStore = new HitStore(db);
            AlertOutbox crashing = new AlertOutbox(db, hitStore, alerts -> {
                throw new IllegalStateException("killed between the commit and the alert");
            });
            UUID read = UUID.randomUUID();
            IngestResult result;
            try (Matcher matcher = new Matcher(lists, new ListEntryStore(db, audit), new ActivationStore(db, audit), new ActionStore(db), cameras);
                 IngestService pipeline = new IngestService(db, cameras, new PassageStore(new Partitions(db)),
                         List.of(new HitStage(matcher, hitStore, crashing)), camera -> true, IngestLimits.DEFAULT,
                         Clock.systemUTC(), new io.prometheus.metrics.model.registry.PrometheusRegistry())) {
                result = pipeline.ingest(List.of(new IncomingRead(read, "FLT-1", plates.getFirst(), null, 0.9,
                        Instant.now().minusSeconds(5).atOffset(ZoneOffset.UTC), null, null, null, null)));
            }
            assertThat(result.accepted()).as("committed, and the answer says so").isEqualTo(1);
            Set<UUID> hit = ids(db, "select id from hit where passage_id = '" + read + "'");
            assertThat(hit).hasSize(1);
            assertThat(ids(db, "select hit_id from alert_outbox")).as("left in the outbox by the crash").isEqualTo(hit);

            try (OpenAnprServer restarted = OpenAnprServer.start(db, ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN)
                    .withPasswordCost(4));
                 SseListener sse = SseListener.open("http://127.0.0.1:" + restarted.port() + "/api/v1/alerts/stream", TestServer.ADMIN_TOKEN)) {
                assertThat(sse.status()).isEqualTo(200);
                SseListener.Event e;
                do {
                    e = sse.next(Duration.ofSeconds(20));
                } while (e != null && !"hit".equals(e.name()));
                assertThat(e).as("the alert, published from the outbox after the restart").isNotNull();
                assertThat(e.id()).isEqualTo(hit.iterator().next().toString());
                assertThat(e.data().path("hit").path("passageId").asText()).isEqualTo(read.toString());
            }
            assertThat(ids(db, "select hit_id from alert_outbox")).isEmpty();
        } finally {
            first.db().close();
        }
    }

    /** Camera FLT-1 and a list of {@code n} stolen plates switched on there; returns the plates. */
    private static List<String> stolenList(TestServer server, int n) {
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"FLT-1","name":"fault test","lat":52.1,"lon":5.1,"organisation":"utrecht"}""").status()).isEqualTo(201);
        TestServer.Response list = server.post("/api/v1/lists", "application/json", """
                {"name":"Stolen","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles","legalBasis":"Politiewet art. 3",
                 "organisation":"utrecht","source":"test","fuzzy":false}""");
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        long id = list.json().path("id").asLong();
        List<String> plates = new ArrayList<>();
        StringBuilder csv = new StringBuilder("plate,reason\n");
        for (int i = 0; i < n; i++) {
            String plate = SyntheticReads.uniquePlate(i * 7 + 3);
            plates.add(plate);
            csv.append(plate).append(",stolen\n");
        }
        TestServer.Response imported = server.post("/api/v1/lists/" + id + "/entries", "text/csv", csv.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + id + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"FLT-1\"}").status()).isEqualTo(201);
        return plates;
    }

    private static Set<UUID> ids(DataSource db, String sql) throws Exception {
        Set<UUID> out = new HashSet<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) out.add(rs.getObject(1, UUID.class));
        }
        return out;
    }
}
