package org.openanpr.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestDatabase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store's transactions inside a change request: savepoints of the request's one transaction, each undone alone when
 * it fails, all durable only at the request's commit and gone at its roll back; other threads see nothing before.
 */
class RequestTransactionTest {
    static Database db;
    static DataSource pool;
    static DataSource stores;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshSchema(RequestTransactionTest.class);
        pool = db.dataSource();
        stores = RequestTransaction.joining(pool);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table note (text text primary key)");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aStoresTransactionsCommitOnlyWithTheRequest() throws Exception {
        RequestTransaction t = RequestTransaction.begin(pool);
        try {
            Tx.run(stores, c -> insert(c, "first"));
            assertThatThrownBy(() -> Tx.run(stores, c -> {
                insert(c, "undone with its store's transaction");
                return insert(c, "first"); // a duplicate: this store's transaction fails
            })).hasMessageContaining("duplicate key");
            Sql.update(stores, "insert into note values (?)", "second"); // no transaction of its own: the request's
            try (Connection c = stores.getConnection()) {
                c.setAutoCommit(false);
                insert(c, "closed without a commit");
            }
            assertThat(notes(stores)).as("the request sees its own work").containsExactly("first", "second");
            assertThat(notes(pool)).as("no one else sees it before the commit").doesNotContain("first", "second");
            t.commit();
        } finally {
            t.rollback();
        }
        assertThat(RequestTransaction.current()).isNull();
        assertThat(notes(pool)).contains("first", "second")
                .doesNotContain("undone with its store's transaction", "closed without a commit");
    }

    @Test
    void aRolledBackRequestLeavesNothingAndItsEndWorkStillRuns() throws Exception {
        List<String> ran = new ArrayList<>();
        RequestTransaction t = RequestTransaction.begin(pool);
        Tx.run(stores, c -> insert(c, "rolled back"));
        RequestTransaction.nowAndAtEnd(() -> ran.add("load"));
        RequestTransaction.atEnd(() -> ran.add("tell the matcher"));
        RequestTransaction.apart(() -> Sql.update(stores, "insert into note values (?)", "apart"));
        assertThat(ran).containsExactly("load");
        t.rollback();
        assertThat(ran).containsExactly("load", "load", "tell the matcher");
        assertThat(notes(pool)).contains("apart").doesNotContain("rolled back");
        RequestTransaction.atEnd(() -> ran.add("at once, outside a request"));
        assertThat(ran).endsWith("at once, outside a request");
    }

    @Test
    void aRequestThatTouchesNothingTakesNoConnection() throws Exception {
        RequestTransaction t = RequestTransaction.begin(pool);
        t.commit();
        assertThat(RequestTransaction.current()).isNull();
        assertThat(pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    private static int insert(Connection c, String text) throws Exception {
        try (var ps = c.prepareStatement("insert into note values (?)")) {
            ps.setString(1, text);
            return ps.executeUpdate();
        }
    }

    private static List<String> notes(DataSource from) {
        return Sql.list(from, "select text from note order by text", (ResultSet rs) -> rs.getString(1));
    }
}
