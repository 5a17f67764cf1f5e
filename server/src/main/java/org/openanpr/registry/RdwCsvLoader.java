package org.openanpr.registry;

import org.openanpr.plate.InvalidPlateException;
import org.openanpr.plate.Plates;
import org.openanpr.zone.EuroClass;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads the offline registry from the RDW open-data CSV files: the registered vehicles (dataset m9d7-ebf2:
 * {@code kenteken}, {@code voertuigsoort}, {@code merk}, {@code handelsbenaming}, {@code datum_eerste_toelating},
 * {@code europese_voertuigcategorie}, {@code toegestane_maximum_massa_voertuig}, …) and their fuels (8ys7-d773:
 * {@code kenteken}, {@code brandstof_omschrijving}, {@code emissiecode_omschrijving}, {@code uitlaatemissieniveau},
 * …), one row per fuel. Headers are matched case-insensitively with spaces as underscores, so both the API's CSV
 * ({@code datum_eerste_toelating}) and the portal's export ({@code Datum eerste toelating}) load; other columns are
 * ignored. Dates as {@code 20150312}, {@code 12/03/2015} or {@code 2015-03-12…}.
 *
 * <p>A bad line is skipped with one message naming its file, line and field; every good line loads. The whole load is
 * one transaction that builds a fresh table and swaps it in at the end, so lookups keep answering from the old
 * registry until the new one is complete, and a failed load leaves the old one in place.
 */
public final class RdwCsvLoader {
    private static final int MAX_ERRORS_KEPT = 1000;
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(java.time.format.ResolverStyle.STRICT);

    public record Report(long vehicleLines, long vehicles, long fuelLines, long fuels, long rejected, long duplicates,
                         List<String> errors, Duration took) {
        public String summary() {
            return "vehicles: %d lines, %d loaded; fuels: %d lines, %d loaded; %d lines rejected, %d duplicate plates; %.1f s"
                    .formatted(vehicleLines, vehicles, fuelLines, fuels, rejected, duplicates, took.toMillis() / 1000.0);
        }
    }

    /** Told every 100,000 lines and at the end of each file. */
    public interface Progress {
        void at(String file, long lines);
    }

    private final DataSource db;
    private final Progress progress;
    private final Consumer<String> errors;
    private final List<String> kept = new ArrayList<>();
    private long rejected;

    public RdwCsvLoader(DataSource db, Progress progress, Consumer<String> errors) {
        this.db = db;
        this.progress = progress;
        this.errors = errors;
    }

    /** Replaces the registry with the vehicles of these files; {@code fuels} may be null (no fuel data). */
    public Report load(Path vehicles, Path fuels) throws IOException, SQLException {
        long start = System.nanoTime();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("set local statement_timeout = 0");
                    s.execute("drop table if exists vehicle_load");
                    s.execute("create table vehicle_load (like vehicle including defaults)");
                    s.execute("create temp table vehicle_stage (line bigint, plate text, kind text, make text, model text, "
                            + "category text, max_mass_kg integer, first_admission date) on commit drop");
                    s.execute("create temp table fuel_stage (plate text, fuel text, euro_class smallint, emission_text text) on commit drop");
                }
                long[] vehicleCounts = copyVehicles(c, vehicles);
                long[] fuelCounts = fuels == null ? new long[2] : copyFuels(c, fuels);
                long loaded;
                long duplicates;
                try (Statement s = c.createStatement()) {
                    try (var rs = s.executeQuery("""
                            select plate, line from (select plate, line, row_number() over (partition by plate order by line) n
                            from vehicle_stage) d where n > 1 order by line limit 1000""")) {
                        while (rs.next()) error(vehicles.getFileName() + " line " + rs.getLong(2) + ": kenteken " + rs.getString(1)
                                + " appears again; its first line is kept");
                    }
                    loaded = s.executeUpdate("""
                            insert into vehicle_load (plate, kind, make, model, category, max_mass_kg, first_admission)
                            select distinct on (plate) plate, kind, make, model, category, max_mass_kg, first_admission
                            from vehicle_stage order by plate, line""");
                    duplicates = vehicleCounts[1] - loaded;
                    s.execute("alter table vehicle_load add primary key (plate)");
                    s.executeUpdate("""
                            update vehicle_load v set fuels = f.fuels, euro_class = f.euro_class, emission_text = f.emission_text
                            from (select plate, array_agg(distinct fuel order by fuel) filter (where fuel is not null) fuels,
                                         max(euro_class) euro_class, max(emission_text) emission_text
                                  from fuel_stage group by plate) f
                            where v.plate = f.plate and f.fuels is not null""");
                    s.execute("drop table vehicle");
                    s.execute("alter table vehicle_load rename to vehicle");
                    s.execute("alter index vehicle_load_pkey rename to vehicle_pkey");
                }
                try (var ps = c.prepareStatement("insert into registry_load (source, vehicles) values (?, ?)")) {
                    ps.setString(1, "rdw-csv " + vehicles.getFileName() + (fuels == null ? "" : " + " + fuels.getFileName()));
                    ps.setLong(2, loaded);
                    ps.executeUpdate();
                }
                c.commit();
                return new Report(vehicleCounts[0], loaded, fuelCounts[0], fuelCounts[1], rejected, duplicates, List.copyOf(kept),
                        Duration.ofNanos(System.nanoTime() - start));
            } catch (IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private long[] copyVehicles(Connection c, Path file) throws IOException, SQLException {
        return copy(c, file, "copy vehicle_stage (line, plate, kind, make, model, category, max_mass_kg, first_admission) from stdin (format csv)",
                (h, name) -> {
                    int plate = column(h, name, "kenteken");
                    int kind = h.getOrDefault("voertuigsoort", -1), make = h.getOrDefault("merk", -1),
                            model = h.getOrDefault("handelsbenaming", -1), first = h.getOrDefault("datum_eerste_toelating", -1),
                            category = h.getOrDefault("europese_voertuigcategorie", -1),
                            mass = h.getOrDefault("toegestane_maximum_massa_voertuig", -1);
                    return (f, lineNo, out) -> {
                        String p = plate(field(f, plate));
                        String cat = field(f, category);
                        if (cat != null && cat.length() > 8) throw new IllegalArgumentException("europese_voertuigcategorie '" + cat + "' is not a category");
                        Integer m = integer(field(f, mass), "toegestane_maximum_massa_voertuig");
                        LocalDate d = date(field(f, first), "datum_eerste_toelating");
                        row(out, lineNo, p, field(f, kind), field(f, make), field(f, model), cat == null ? null : cat.toUpperCase(Locale.ROOT), m, d);
                    };
                });
    }

    private long[] copyFuels(Connection c, Path file) throws IOException, SQLException {
        return copy(c, file, "copy fuel_stage (plate, fuel, euro_class, emission_text) from stdin (format csv)", (h, name) -> {
            int plate = column(h, name, "kenteken");
            int fuel = column(h, name, "brandstof_omschrijving");
            int code = h.getOrDefault("emissiecode_omschrijving", -1), level = h.getOrDefault("uitlaatemissieniveau", -1);
            return (f, lineNo, out) -> {
                String p = plate(field(f, plate));
                String fu = field(f, fuel);
                if (fu == null) throw new IllegalArgumentException("brandstof_omschrijving is empty");
                String lv = field(f, level);
                Integer euro = EuroClass.parse(lv);
                if (euro == null) euro = EuroClass.parse(field(f, code));
                row(out, p, fu.toUpperCase(Locale.ROOT), euro, lv != null ? lv : field(f, code));
            };
        });
    }

    /** The columns of one dataset, found in its header: how a line becomes a staging row. */
    private interface Columns {
        LineWriter of(Map<String, Integer> header, String file) throws IOException;
    }

    private interface LineWriter {
        /** @throws IllegalArgumentException naming what is wrong with the line (counted, reported, skipped) */
        void write(List<String> fields, long lineNo, StringBuilder out);
    }

    /**
     * Streams one dataset's CSV into its staging table by COPY, a bad line reported with its number and skipped, with
     * progress every 100,000 lines. Returns {lines, good lines}.
     */
    private long[] copy(Connection c, Path file, String copySql, Columns columns) throws IOException, SQLException {
        String name = file.getFileName().toString();
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        long lines = 0, good = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LineWriter writer = columns.of(header(in.readLine(), name), name);
            StringBuilder out = new StringBuilder(1 << 16);
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                long lineNo = lines + 1;
                if (line.isBlank()) continue;
                try {
                    writer.write(split(line), lineNo, out);
                    good++;
                } catch (IllegalArgumentException e) {
                    rejected++;
                    error(name + " line " + lineNo + ": " + e.getMessage());
                }
                if (out.length() > 60_000) flush(copy, out);
                if (lines % 100_000 == 0) progress.at(name, lines);
            }
            flush(copy, out);
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
        progress.at(name, lines);
        return new long[] {lines, good};
    }

    private void error(String message) {
        if (kept.size() < MAX_ERRORS_KEPT) kept.add(message);
        errors.accept(message);
    }

    private static Map<String, Integer> header(String line, String file) {
        if (line == null) throw new IllegalArgumentException(file + ": empty file, expected a header line");
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        Map<String, Integer> h = new HashMap<>();
        List<String> names = split(line);
        for (int i = 0; i < names.size(); i++)
            h.putIfAbsent(names.get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_'), i);
        return h;
    }

    private static int column(Map<String, Integer> header, String file, String name) {
        Integer i = header.get(name);
        if (i == null) throw new IllegalArgumentException(file + ": no column '" + name + "' in the header line");
        return i;
    }

    private static String field(List<String> f, int i) {
        if (i < 0 || i >= f.size()) return null;
        String s = f.get(i).strip();
        return s.isEmpty() ? null : s;
    }

    private static String plate(String raw) {
        if (raw == null) throw new IllegalArgumentException("kenteken is empty");
        try {
            return Plates.normalise(raw);
        } catch (InvalidPlateException e) {
            throw new IllegalArgumentException("kenteken '" + raw + "': " + e.getMessage());
        }
    }

    private static Integer integer(String s, String name) {
        if (s == null) return null;
        try {
            int v = Integer.parseInt(s);
            if (v < 0 || v > 1_000_000) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + s + "' is not a mass in kg");
        }
    }

    static LocalDate date(String s, String name) {
        if (s == null) return null;
        try {
            LocalDate d;
            if (s.length() == 8 && s.chars().allMatch(Character::isDigit)) d = LocalDate.parse(s, COMPACT);
            else if (s.length() == 10 && s.charAt(2) == '/') d = LocalDate.parse(s, SLASHED);
            else if (s.length() >= 10 && s.charAt(4) == '-') d = LocalDate.parse(s.substring(0, 10));
            else throw new DateTimeParseException("", s, 0);
            if (d.getYear() < 1880 || d.getYear() > 2200) throw new DateTimeParseException("", s, 0);
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + s + "' is not a date (yyyyMMdd, dd/MM/yyyy or yyyy-MM-dd)");
        }
    }

    /** One CSV line: comma-separated, fields optionally in double quotes with "" for a quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else quoted = false;
                } else cur.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(ch);
        }
        if (quoted) throw new IllegalArgumentException("a quoted field is not closed");
        out.add(cur.toString());
        return out;
    }

    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append(',');
            Object v = values[i];
            if (v == null) continue;
            String s = v.toString();
            out.append('"').append(s.replace("\"", "\"\"")).append('"');
        }
        out.append('\n');
    }

    private static void flush(CopyIn copy, StringBuilder out) throws SQLException {
        if (out.isEmpty()) return;
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        out.setLength(0);
    }
}
