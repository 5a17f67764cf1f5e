package org.openanpr.passage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Day partitions (UTC days) of {@code passage} and {@code passage_image}. Created ahead of time by the
 * maintenance schedule; ingest also creates a missing one on demand so that no valid read is ever refused.
 */
public final class Partitions {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PASSAGE_PREFIX = "passage_p";
    private static final String IMAGE_PREFIX = "passage_image_p";
    static final int TRIGRAM_PENDING_LIST_KB = 4096;
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

    /** The day's passage partition. */
    public static String passageTable(LocalDate day) {
        return PASSAGE_PREFIX + day.format(SUFFIX);
    }

    /** The day's image partition. */
    public static String imageTable(LocalDate day) {
        return IMAGE_PREFIX + day.format(SUFFIX);
    }

    /** The days that have a passage partition, oldest first. */
    public SortedSet<LocalDate> passageDays() throws SQLException {
        return days("passage", PASSAGE_PREFIX);
    }

    /** The days that have an image partition, oldest first. */
    public SortedSet<LocalDate> imageDays() throws SQLException {
        return days("passage_image", IMAGE_PREFIX);
    }

    /** Drops the day's passages and images in the caller's transaction: the purge of a day. */
    public void drop(Connection c, LocalDate day) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("drop table if exists " + imageTable(day));
            st.execute("drop table if exists " + passageTable(day));
        }
        // The day's read ids go with its passages (and any older ones a purge cut short left behind).
        try (PreparedStatement ps = c.prepareStatement("delete from read_id where observed_at < ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.executeUpdate();
        }
        known.remove(day);
    }

    private SortedSet<LocalDate> days(String parent, String prefix) throws SQLException {
        SortedSet<LocalDate> days = new TreeSet<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = ?::regclass""")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) days.add(LocalDate.parse(rs.getString(1).substring(prefix.length()), SUFFIX));
            }
        }
        return days;
    }

    /**
     * The partition's trigram index merges its pending list at 4 MB (PostgreSQL's default), not at the 1 MB that it
     * copies from the partitioned index, which PostgreSQL does not let us change (V62 says why 4 MB). Set once: a
     * start that finds its partitions made (by itself before, or by another node) changes no catalog.
     */
    private static void setTrigramPendingList(Connection c, String table) throws SQLException {
        String index;
        try (PreparedStatement ps = c.prepareStatement("""
                select i.inhrelid::regclass::text from pg_inherits i join pg_index x on x.indexrelid = i.inhrelid
                join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'passage_key_trigrams'::regclass and x.indrelid = ?::regclass
                  and not coalesce(c.reloptions @> array[?::text], false)""")) {
            ps.setString(1, table);
            ps.setString(2, "gin_pending_list_limit=" + TRIGRAM_PENDING_LIST_KB);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return;
                index = rs.getString(1);
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("alter index " + index + " set (gin_pending_list_limit = " + TRIGRAM_PENDING_LIST_KB + ")");
        }
    }

    private synchronized void create(LocalDate day) {
        if (known.contains(day)) return;
        String from = day + " 00:00:00+00";
        String to = day.plusDays(1) + " 00:00:00+00";
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists " + passageTable(day) + " partition of passage for values from ('"
                    + from + "') to ('" + to + "')");
            st.execute("create table if not exists " + imageTable(day) + " partition of passage_image for values from ('"
                    + from + "') to ('" + to + "')");
            setTrigramPendingList(c, passageTable(day));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the partitions for " + day, e);
        }
        known.add(day);
    }
}
