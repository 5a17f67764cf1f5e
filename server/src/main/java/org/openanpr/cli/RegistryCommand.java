package org.openanpr.cli;

import org.openanpr.db.Database;
import org.openanpr.registry.RdwCsvLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

@Command(name = "registry", mixinStandardHelpOptions = true, description = "The vehicle registry that zones decide with.",
        subcommands = {RegistryCommand.Load.class})
final class RegistryCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr registry load --vehicles FILE [--fuels FILE] [--db URL]");
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Replaces the offline registry with the RDW open-data CSV files: the registered vehicles (m9d7-ebf2) "
                    + "and their fuels (8ys7-d773). Prints progress, and one line per bad line (skipped; every good line loads).",
                    "Exit 0: every line loaded; 1: loaded, but some lines were rejected; 2: nothing loaded (a file or its header is wrong)."})
    static final class Load implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;
        @Option(names = "--vehicles", required = true, description = "Registered vehicles CSV (kenteken, voertuigsoort, merk, handelsbenaming, "
                + "datum_eerste_toelating, europese_voertuigcategorie, toegestane_maximum_massa_voertuig, …).")
        Path vehicles;
        @Option(names = "--fuels", description = "Fuels CSV (kenteken, brandstof_omschrijving, emissiecode_omschrijving, uitlaatemissieniveau, …).")
        Path fuels;

        @Override
        public Integer call() throws IOException {
            for (Path p : fuels == null ? new Path[] {vehicles} : new Path[] {vehicles, fuels})
                if (!Files.isReadable(p)) throw new IllegalArgumentException("cannot read " + p);
            try (Database db = database.open(2).migrate()) {
                RdwCsvLoader.Report r = new RdwCsvLoader(db.dataSource(),
                        (file, lines) -> System.out.printf("%s: %,d lines read%n", file, lines),
                        message -> System.out.println("rejected: " + message)).load(vehicles, fuels);
                System.out.println("registry loaded: " + r.summary());
                return r.rejected() + r.duplicates() == 0 ? 0 : 1;
            } catch (IllegalArgumentException e) {
                System.err.println("anpr registry load: " + e.getMessage() + "; nothing loaded");
                return 2;
            } catch (SQLException e) {
                System.err.println("anpr registry load: the database refused the load: " + e.getMessage() + "; nothing loaded");
                return 2;
            }
        }
    }
}
