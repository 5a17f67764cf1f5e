package org.openanpr.passage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Day partitions (UTC days) of {@code passage} and {@code passage_image}. Created ahead of time by the
 * maintenance schedule; ingest also creates a missing one on demand so that no valid read is ever refused.
 */
public final class Partitions {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    private final DataSource db;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public Partitions(DataSource db) {
        this.db = db;
    }

    public static LocalDate dayOf(java.time.Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    public void ensure(Collection<LocalDate> days) {
        for (LocalDate day : days) if (!known.contains(day)) create(day);
    }

    /** Creates the partitions from {@code first} to {@code last}, both included. */
    public void ensureRange(LocalDate first, LocalDate last) {
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) if (!known.contains(d)) create(d);
    }

    private synchronized void create(LocalDate day) {
        if (known.contains(day)) return;
        String from = day + " 00:00:00+00";
        String to = day.plusDays(1) + " 00:00:00+00";
        String suffix = day.format(SUFFIX);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists passage_p" + suffix + " partition of passage for values from ('"
                    + from + "') to ('" + to + "')");
            st.execute("create table if not exists passage_image_p" + suffix + " partition of passage_image for values from ('"
                    + from + "') to ('" + to + "')");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the partitions for " + day, e);
        }
        known.add(day);
    }
}
