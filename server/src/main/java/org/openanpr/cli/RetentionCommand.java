package org.openanpr.cli;

import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Database;
import org.openanpr.passage.Partitions;
import org.openanpr.retention.Purger;
import org.openanpr.retention.RetentionPolicies;
import org.openanpr.retention.RetentionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "retention", mixinStandardHelpOptions = true, description = "Retention: the purge and its proof.",
        subcommands = {RetentionCommand.Report.class, RetentionCommand.Purge.class})
final class RetentionCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr retention report|purge [--db URL]");
    }

    private static RetentionPolicies policies(Database db, CameraRegistry cameras) {
        return new RetentionPolicies(db.dataSource(), cameras);
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Proves from the data that no passage, image or hit is older than its limit; exit 1 when one is.")
    static final class Report implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = database.open(2).migrate()) {
                CameraRegistry cameras = new CameraRegistry(db.dataSource());
                RetentionReport.Report report = new RetentionReport(db.dataSource(), new Partitions(db.dataSource()), cameras,
                        policies(db, cameras),
                        Clock.systemUTC()).build();
                System.out.print(report.text());
                return report.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Runs the purge now (serve runs it hourly).")
    static final class Purge implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = database.open(2).migrate()) {
                CameraRegistry cameras = new CameraRegistry(db.dataSource());
                System.out.println(new Purger(db.dataSource(), new Partitions(db.dataSource()), cameras, policies(db, cameras),
                        Clock.systemUTC()).purge());
                return 0;
            }
        }
    }
}
