package org.openanpr.bench;

import org.openanpr.access.OrganisationStore;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Database;
import org.openanpr.http.Json;
import org.openanpr.passage.Passage;
import org.openanpr.registry.MemoryRegistry;
import org.openanpr.registry.RdwCsvLoader;
import org.openanpr.zone.Decision;
import org.openanpr.zone.ZoneInput;
import org.openanpr.zone.ZoneStage;
import org.openanpr.zone.ZoneStore;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Zone decisions against a large registry, as the read pipeline makes them: passages at the enforcement cameras of a
 * zero-emission zone (the Dutch national scheme for vans and trucks) go through the zones stage in batches of 10,000
 * (a group commit's worth), each batch one registry query, one exemption query and the rules in memory; then the
 * writing of the decisions, cases and counts, timed apart. The registry: N generated vehicles (categories, fuels, Euro
 * classes and first-admission dates spread like a fleet) filled in PostgreSQL with one INSERT … SELECT and indexed;
 * before that, a sample of the same vehicles goes through the real RDW CSV loader for its lines/s. Passages: 95% of
 * registered plates, 3% plates the registry does not know, 2% foreign.
 */
public final class ZoneBenchmark {
    private static final String LETTERS = "BDFGHJKLNPRSTVXZ";
    private static final int BATCH = 10_000;
    private final int vehicles;
    private final int passages;
    private final int csvLines;
    private final int writePassages;
    private final Path data;

    public ZoneBenchmark(int vehicles, int passages, int csvLines, int writePassages, Path data) {
        this.vehicles = vehicles;
        this.passages = passages;
        this.csvLines = csvLines;
        this.writePassages = writePassages;
        this.data = data;
    }

    /** The i-th generated plate: two letters, three digits, two letters (65 million of them). */
    static String plate(long i) {
        return "" + LETTERS.charAt((int) (i / 1000 % 16)) + LETTERS.charAt((int) (i / 16_000 % 16))
                + String.format(Locale.ROOT, "%03d", i % 1000) + LETTERS.charAt((int) (i / 256_000 % 16))
                + LETTERS.charAt((int) (i / 4_096_000 % 16));
    }

    /** The same plate in SQL, for the fill. */
    private static final String PLATE_SQL = "substr('" + LETTERS + "', (i / 1000 % 16)::int + 1, 1) || substr('" + LETTERS
            + "', (i / 16000 % 16)::int + 1, 1) || lpad((i % 1000)::text, 3, '0') || substr('" + LETTERS
            + "', (i / 256000 % 16)::int + 1, 1) || substr('" + LETTERS + "', (i / 4096000 % 16)::int + 1, 1)";

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        Files.createDirectories(data);
        try (Database db = Database.embedded(data, 4, java.time.Duration.ofHours(1)).migrate()) {
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench zone: %,d passages through a zero-emission zone's rules against a %,d-vehicle registry "
                    + "(embedded PostgreSQL under %s)%n", passages, vehicles, data);
            if (csvLines > 0) csvLoad(db, out);
            long t0 = System.nanoTime();
            fill(db);
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            long rows = IngestBenchmark.count(db.dataSource(), "select count(*) from vehicle");
            out.printf(Locale.ROOT, "registry fill in PostgreSQL: %.1f s for %,d vehicles (INSERT … SELECT generate_series, then the primary key), %.0f vehicles/s%n",
                    fillSeconds, rows, rows / fillSeconds);
            MemoryRegistry registry = new MemoryRegistry(db.dataSource());
            long m0 = System.nanoTime();
            registry.refresh();
            double memorySeconds = (System.nanoTime() - m0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.gc();
            out.printf(Locale.ROOT, "registry load time into memory (as the server takes it at start and after each load): %.1f s for %,d vehicles; heap in use after: %,d MiB%n",
                    memorySeconds, registry.size(), (rt.totalMemory() - rt.freeMemory()) >> 20);

            CameraRegistry cameras = new CameraRegistry(db.dataSource());
            cameras.saveAll(List.of(
                    new Camera("BENCH-Z1", "Zone entry 1", Camera.CameraType.FIXED, 52.36, 4.895, null, null, null, "bench", Camera.CameraStatus.ACTIVE, null),
                    new Camera("BENCH-Z2", "Zone entry 2", Camera.CameraType.FIXED, 52.38, 4.90, null, null, null, "bench", Camera.CameraStatus.ACTIVE, null)));
            ZoneStore zones = new ZoneStore(db.dataSource());
            zones.create(Json.MAPPER.readValue(ZONE, ZoneInput.class).validate());
            ZoneStage stage = new ZoneStage(zones, new org.openanpr.zone.ExemptionStore(db.dataSource()), registry, cameras, new OrganisationStore(db.dataSource()), Clock.systemUTC());

            SplittableRandom random = new SplittableRandom(13);
            Instant day = LocalDate.now().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(6 * 3600);
            long evaluate = 0, evaluateCpu = 0, write = 0, writeWall = 0;
            int written = 0;
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<Decision.Outcome, Integer> outcomes = new EnumMap<>(Decision.Outcome.class);
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (int done = 0; done < passages; done += BATCH) {
                    List<Passage> batch = new ArrayList<>(BATCH);
                    for (int k = 0; k < Math.min(BATCH, passages - done); k++) batch.add(passage(random, day));
                    boolean writing = done < writePassages;
                    long w0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
                    ZoneStage.Timing t = stage.run(c, batch, Instant.now(), writing);
                    c.commit();
                    long c1 = cpu.getCurrentThreadCpuTime();
                    if (writing) {
                        writeWall += System.nanoTime() - w0;
                        write += t.writeNanos();
                        written += batch.size();
                    } else evaluateCpu += c1 - c0;
                    evaluate += t.evaluateNanos();
                    t.outcomes().forEach((o, n) -> outcomes.merge(o, n, Integer::sum));
                }
            }
            int decideOnly = passages - written;
            out.printf(Locale.ROOT, "outcomes: %s%n", outcomes);
            out.printf(Locale.ROOT, "decisions/s (registry lookup and exemptions in memory + rules, batches of %,d): %.0f  (%,d passages, %.1f s wall)%n",
                    BATCH, passages / (evaluate / 1e9), passages, evaluate / 1e9);
            if (decideOnly > 0 && evaluateCpu > 0)
                out.printf(Locale.ROOT, "decisions/s on the benchmark thread's own CPU time (the machine is shared; PostgreSQL's part not counted): %.0f%n",
                        decideOnly / (evaluateCpu / 1e9));
            if (written > 0)
                out.printf(Locale.ROOT, "decisions/s with writing (decisions, cases, counts, committed per batch), first %,d passages: %.0f  (%.1f s, of it writing %.1f s)%n",
                        written, written / (writeWall / 1e9), writeWall / 1e9, write / 1e9);
        }
        return 0;
    }

    private Passage passage(SplittableRandom random, Instant day) {
        int r = random.nextInt(100);
        String plate;
        String country = "NL";
        if (r < 95) plate = plate(random.nextInt(vehicles));
        else if (r < 98) plate = plate(vehicles + random.nextInt(1_000_000)); // not registered
        else {
            plate = "M" + LETTERS.charAt(random.nextInt(16)) + random.nextInt(1000, 9999);
            country = "DE";
        }
        float confidence = random.nextInt(100) == 0 ? 0.5f : 0.95f;
        return new Passage(UUID.randomUUID(), day.plusSeconds(random.nextInt(12 * 3600)), random.nextBoolean() ? "BENCH-Z1" : "BENCH-Z2",
                plate, plate, country, confidence, null, null, null, null, true, org.openanpr.passage.VehicleDescription.NONE,
                org.openanpr.passage.Travel.NONE, null);
    }

    /** N vehicles in one INSERT … SELECT: 40% vans (N1), 40% cars, 10% N2, 10% N3; a mix of fuels, classes and ages. */
    private void fill(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 0");
            s.execute("truncate vehicle");
            s.execute("alter table vehicle drop constraint vehicle_pkey");
            s.execute("""
                    insert into vehicle (plate, kind, make, model, category, fuels, euro_class, max_mass_kg, first_admission)
                    select %s, 'Bedrijfsauto', 'MAKE', 'MODEL',
                           (array['N1','N1','N1','N1','M1','M1','M1','M1','N2','N3'])[(i %% 10)::int + 1],
                           case i %% 13 when 0 then array['ELEKTRICITEIT'] when 1 then array['BENZINE','ELEKTRICITEIT']
                                when 2 then array['DIESEL'] when 3 then array['DIESEL'] when 4 then array['DIESEL']
                                when 5 then array['DIESEL'] when 6 then array['DIESEL'] else array['BENZINE'] end,
                           case when i %% 20 = 0 then null else (i %% 7)::smallint end,
                           (array[3500, 1500, 12000, 26000])[(i %% 4)::int + 1],
                           date '2000-01-01' + (i %% 9400)::int
                    from generate_series(0::bigint, %d) i""".formatted(PLATE_SQL, vehicles - 1));
            s.execute("alter table vehicle add primary key (plate)");
            s.execute("analyze vehicle");
            s.execute("insert into registry_load (source, vehicles) values ('bench fill', " + vehicles + ")");
        }
    }

    /** A sample of the registry written in the RDW CSV layouts and loaded by the real loader. */
    private void csvLoad(Database db, PrintStream out) throws Exception {
        Path v = data.resolve("voertuigen.csv"), f = data.resolve("brandstof.csv");
        try (BufferedWriter wv = Files.newBufferedWriter(v); BufferedWriter wf = Files.newBufferedWriter(f)) {
            wv.write("kenteken,voertuigsoort,merk,handelsbenaming,datum_eerste_toelating,toegestane_maximum_massa_voertuig,europese_voertuigcategorie\n");
            wf.write("kenteken,brandstof_volgnummer,brandstof_omschrijving,emissiecode_omschrijving,uitlaatemissieniveau\n");
            for (long i = 0; i < csvLines; i++) {
                String p = plate(i);
                wv.write(p + ",Bedrijfsauto,FORD,TRANSIT," + LocalDate.of(2000, 1, 1).plusDays(i % 9400).toString().replace("-", "")
                        + ",3500,N1\n");
                wf.write(p + ",1,Diesel," + (i % 7) + ",EURO " + (i % 7) + "\n");
            }
        }
        long t0 = System.nanoTime();
        RdwCsvLoader.Report r = new RdwCsvLoader(db.dataSource(), (file, lines) -> { }, e -> { }).load(v, f);
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "CSV loader (anpr registry load): %,d vehicle lines + %,d fuel lines in %.1f s, %.0f vehicles/s (%d rejected)%n",
                r.vehicleLines(), r.fuelLines(), s, r.vehicles() / s, r.rejected());
        Files.delete(v);
        Files.delete(f);
    }

    private static final String ZONE = """
            {"name":"ZE bench","organisation":"bench","kind":"ZERO_EMISSION","mode":"CORDON",
             "area":{"type":"Polygon","coordinates":[[[4.88,52.36],[4.91,52.36],[4.91,52.38],[4.88,52.38],[4.88,52.36]]]},
             "cameras":["BENCH-Z1","BENCH-Z2"],"trafficDecision":"bench",
             "rules":[{"name":"vans","categories":["N1"],"from":"2025-01-01","allowances":[{"zeroEmission":true},
                        {"minEuroClass":5,"firstAdmissionBefore":"2025-01-01","until":"2027-01-01"},
                        {"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2028-01-01"}]},
                      {"name":"trucks","categories":["N2","N3"],"from":"2025-01-01","allowances":[{"zeroEmission":true},
                        {"minEuroClass":6,"firstAdmissionBefore":"2025-01-01","until":"2030-01-01"}]}],
             "policy":{"toleranceUntil":null,"warningFirst":true,"recidivistTermDays":365,"fineAmounts":[100]}}""";
}
