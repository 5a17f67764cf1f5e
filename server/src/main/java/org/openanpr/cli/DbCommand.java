package org.openanpr.cli;

import org.openanpr.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database administration.",
        subcommands = DbCommand.Migrate.class)
final class DbCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr db migrate [--db URL]");
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Applies the schema migrations (serve does this too).")
    static final class Migrate implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = database.open(2)) {
                db.migrate();
                System.out.println("schema up to date on " + db.displayUrl());
            }
            return 0;
        }
    }
}
