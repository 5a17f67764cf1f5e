package org.openanpr.db;

import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of an earlier release that has a capability's later migration (V60) but not one another capability added
 * since in its own lower range (V53): starting the new release applies the missing one instead of refusing to start.
 */
class MigrationOrderTest {
    @Test
    void aMigrationNumberedBelowOneAlreadyAppliedIsAppliedOutOfOrder() throws Exception {
        try (Database db = TestDatabase.freshSchema(MigrationOrderTest.class)) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("set search_path to " + db.schema());
                // what the database of the release before V53 looked like
                st.execute("alter table exchange_agreement drop column shared_key");
                st.execute("delete from flyway_schema_history where version = '53'");
            }
            db.migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("set search_path to " + db.schema());
                try (ResultSet rs = st.executeQuery("select count(*) from information_schema.columns where table_schema = '"
                        + db.schema() + "' and table_name = 'exchange_agreement' and column_name = 'shared_key'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
                try (ResultSet rs = st.executeQuery("select success from flyway_schema_history where version = '53'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
        }
    }
}
