package org.openanpr.registry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.cli.Main;
import org.openanpr.db.Database;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.openanpr.db.Sql;
import org.openanpr.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anpr registry load}: the RDW open-data CSV files in the portal's export layout (headers with spaces, dates as
 * dd/mm/yyyy) load with progress and one message per bad line (exit 1, the good lines loaded); a file without the
 * kenteken column loads nothing (exit 2) and leaves the registry as it was.
 */
class RegistryLoadCommandTest {
    static Database db;
    static String schema;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshSchema(RegistryLoadCommandTest.class);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static String load(Path vehicles, Path fuels) {
        List<String> args = new ArrayList<>(List.of("registry", "load", "--vehicles", vehicles.toString()));
        if (fuels != null) args.addAll(List.of("--fuels", fuels.toString()));
        args.addAll(TestDatabase.commandLine(schema));
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            System.setErr(p);
            int code = Main.run(args.toArray(String[]::new));
            return code + ": " + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void thePortalsExportLoadsAndEachBadLineIsNamed() throws Exception {
        Path v = Files.writeString(dir.resolve("Gekentekende_voertuigen.csv"), """
                Kenteken,Voertuigsoort,Merk,Handelsbenaming,Datum eerste toelating,Toegestane maximum massa voertuig,Europese voertuigcategorie
                AB-123-C,Bedrijfsauto,FORD,TRANSIT,15/03/2010,3500,N1
                XYZ99Z,Personenauto,"VW","GOLF \"\"GTI\"\"",01/01/2019,1500,M1
                ZZ99ZZ,Personenauto,VW,POLO,31/02/2019,1200,M1
                QQ11QQ,Personenauto,VW,POLO,01/01/2019,heavy,M1
                """);
        Path f = Files.writeString(dir.resolve("brandstof.csv"), """
                Kenteken,Brandstof volgnummer,Brandstof omschrijving,Uitlaatemissieniveau
                AB123C,1,Diesel,EURO 4
                XYZ99Z,1,Benzine,EURO 6 AP
                XYZ99Z,2,Elektriciteit,
                ,1,Diesel,EURO 5
                """);
        String out = load(v, f);
        assertThat(out).startsWith("1:").contains("lines read")
                .contains("Gekentekende_voertuigen.csv line 4: datum_eerste_toelating '31/02/2019' is not a date")
                .contains("line 5: toegestane_maximum_massa_voertuig 'heavy' is not a mass in kg")
                .contains("brandstof.csv line 5: kenteken is empty")
                .contains("registry loaded: vehicles: 4 lines, 2 loaded; fuels: 4 lines, 3 loaded; 3 lines rejected");
        List<String> rows = Sql.list(db.dataSource(), "select plate || ' ' || category || ' ' || array_to_string(fuels, '+') || ' ' "
                + "|| coalesce(euro_class::text, '-') || ' ' || first_admission from vehicle order by plate", rs -> rs.getString(1));
        assertThat(rows).containsExactly("AB123C N1 DIESEL 4 2010-03-15", "XYZ99Z M1 BENZINE+ELEKTRICITEIT 6 2019-01-01");
    }

    @Test
    void aFileWithoutKentekenLoadsNothingAndKeepsTheRegistry() throws Exception {
        Path v = Files.writeString(dir.resolve("good.csv"), "kenteken,europese_voertuigcategorie\n11VBB1,N1\n");
        assertThat(load(v, null)).startsWith("0:");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "plate,category\n22VBB2,N1\n");
        String out = load(bad, null);
        assertThat(out).startsWith("2:").contains("no column 'kenteken'").contains("nothing loaded");
        assertThat(Sql.list(db.dataSource(), "select plate from vehicle", rs -> rs.getString(1))).containsExactly("11VBB1");
    }
}
