package org.openanpr.hotlist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists changing while reads arrive: hits keep the entry they matched through replaces, deltas are followed without a
 * rebuild, and an import or activation commits together with its audit record or not at all.
 */
class ListChangeTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;
    long list;

    @BeforeAll
    static void start() {
        server = TestServer.start(ListChangeTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"LC-1","name":"cam","lat":52.08,"lon":5.04,"organisation":"utrecht"}""").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newList() {
        list = server.activeFinesList("utrecht");
    }

    TestServer.Response csv(String mode, String text) {
        return server.post("/api/v1/lists/" + list + "/entries?mode=" + mode, "text/csv", text);
    }

    static String plate(int i) {
        return "%02dXYZ%d".formatted(i / 10 % 100, i % 10);
    }

    void read(String plate) {
        String body = """
                [{"id":"%s","camera":"LC-1","plate":"%s","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), plate, NOW);
        assertThat(server.post("/api/v1/reads", "application/json", body).status()).isEqualTo(200);
    }

    /** {count of hits, of those with a reason, of those with an amount} on the list, optionally for one plate. */
    long[] hitDetails(String plate) throws SQLException {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*), count(entry_reason), count(entry_amount) from hit where list_id = "
                     + list + (plate == null ? "" : " and plate = '" + plate + "'"))) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    @Test
    void hitsDuringReplacesCarryReasonAndAmount() throws Exception {
        // Large enough that loading and indexing the new version takes a while after each replace commits: reads
        // matched meanwhile are matched against the previous version, whose entry ids the replace has deleted.
        StringBuilder file = new StringBuilder("plate,reason,amount\n");
        for (int i = 0; i < 1000; i++) file.append(plate(i)).append(",unpaid,").append(100 + i).append('\n');
        for (int i = 0; i < 20_000; i++) file.append("%06dQ".formatted(i)).append(",filler,1\n");
        assertThat(csv("replace", file.toString()).status()).isEqualTo(200);

        AtomicBoolean replacing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (replacing.get()) {
                String body = """
                        [{"id":"%s","camera":"LC-1","plate":"%s","confidence":0.9,"time":"%s"}]""".formatted(
                        UUID.randomUUID(), plate(sent.getAndIncrement() % 1000), NOW);
                if (server.post("/api/v1/reads", "application/json", body).status() != 200) failed.incrementAndGet();
            }
        });
        for (int round = 0; round < 6; round++) {
            TestServer.Response r = csv("replace", file.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        replacing.set(false);
        reader.join();

        assertThat(failed.get()).as("reads refused while the list was replaced").isZero();
        assertThat(sent.get()).as("reads sent while replacing").isGreaterThan(20);
        long[] hits = hitDetails(null);
        assertThat(hits[0]).as("every read hit").isEqualTo(sent.get());
        assertThat(hits[1]).as("hits with the entry's reason").isEqualTo(hits[0]);
        assertThat(hits[2]).as("hits with the entry's amount").isEqualTo(hits[0]);
    }

    @Test
    void aReplaceIndexedBesideItsCopyKeepsTheOtherListsAndDropsItsOldEntries() throws Exception {
        long other = list;
        assertThat(csv("replace", "plate,reason\n66-FFF-6,other list\n").status()).isEqualTo(200);
        list = server.activeFinesList("utrecht");
        assertThat(csv("replace", "plate,reason\n77-GGG-7,old\n").status()).isEqualTo(200);
        assertThat(csv("replace", "plate,reason\n88-HHH-8,new\n").status()).isEqualTo(200);
        read("66FFF6");
        read("77GGG7");
        read("88HHH8");
        assertThat(hitDetails("77GGG7")[0]).as("the replaced entry").isZero();
        assertThat(hitDetails("88HHH8")[1]).as("the new entry, with its reason").isEqualTo(1);
        long kept = list;
        list = other;
        assertThat(hitDetails("66FFF6")[1]).as("the other list's entry").isEqualTo(1);
        list = kept;
    }

    @Test
    void deltasAreFollowedWithTheirDetails() throws Exception {
        assertThat(csv("replace", "plate,reason,amount\n11-AAA-1,first,10\n22-BBB-2,second,20\n").status()).isEqualTo(200);
        assertThat(csv("add", "plate,reason,amount\n33-CCC-3,third,30\n11-AAA-1,updated,11\n").status()).isEqualTo(200);
        assertThat(csv("remove", "plate\n22-BBB-2\n").status()).isEqualTo(200);
        read("11AAA1");
        read("22BBB2");
        read("33CCC3");
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select plate, entry_reason, entry_amount from hit where list_id = " + list
                     + " order by plate")) {
            StringBuilder seen = new StringBuilder();
            while (rs.next()) seen.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ')
                    .append(rs.getBigDecimal(3)).append('\n');
            assertThat(seen.toString()).isEqualTo("11AAA1 updated 11.00\n33CCC3 third 30.00\n");
        }
        // a replace after the deltas builds afresh: the removed and updated entries stay gone
        assertThat(csv("replace", "plate,reason\n22-BBB-2,back\n").status()).isEqualTo(200);
        read("11AAA1");
        read("22BBB2");
        assertThat(hitDetails("11AAA1")[0]).isEqualTo(1);
        assertThat(hitDetails("22BBB2")[1]).isEqualTo(1);
    }

    @Test
    void anImportWhoseAuditRecordCannotBeWrittenChangesNothing() throws Exception {
        assertThat(csv("replace", "plate\n11-AAA-1\n").status()).isEqualTo(200);
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    create function refuse_list_import() returns trigger language plpgsql as $$
                    begin
                        if new.action in ('LIST_IMPORT', 'CHANGE') then raise exception 'audit refused for the test'; end if;
                        return new;
                    end $$""");
            st.execute("create trigger refuse_list_import before insert on audit_log for each row "
                    + "execute function refuse_list_import()");
        }
        try {
            assertThat(csv("replace", "plate\n22-BBB-2\n").status()).isEqualTo(500);
            assertThat(csv("add", "plate\n33-CCC-3\n").status()).isEqualTo(500);
            assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                    "{\"scope\":\"CAMERA\",\"target\":\"LC-1\"}").status()).isEqualTo(500);
        } finally {
            try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("drop trigger refuse_list_import on audit_log");
                st.execute("drop function refuse_list_import()");
            }
        }
        assertThat(server.get("/api/v1/lists/" + list + "/versions").json()).as("no version without its record").hasSize(1);
        assertThat(server.get("/api/v1/lists/" + list + "/activations").json()).as("no activation without its record").hasSize(1);
        read("11AAA1");
        read("22BBB2");
        read("33CCC3");
        assertThat(hitDetails("11AAA1")[0]).isEqualTo(1);
        assertThat(hitDetails("22BBB2")[0] + hitDetails("33CCC3")[0]).isZero();

        assertThat(csv("add", "plate\n33-CCC-3\n").status()).isEqualTo(200);
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from audit_log where action = 'LIST_IMPORT' and target = 'list "
                     + list + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("one record for each import that committed").isEqualTo(2);
        }
        assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"LC-1\"}").status()).isEqualTo(201);
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from audit_log where action = 'CHANGE' and target = 'POST /api/v1/lists/"
                     + list + "/activations'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("one record, in the change's transaction, for each activation that committed")
                    .isEqualTo(2);
        }
    }
}
