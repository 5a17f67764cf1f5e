package org.openanpr.cli;

import org.openanpr.audit.AuditVerifier;
import org.openanpr.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr audit verify [--db URL]");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recomputes the audit log's hash chain: finds a record edited, removed or reordered.",
                    "Exit status 0: intact; 1: broken; 2: could not be checked.",
                    "Keep the last hash it prints: comparing it later also finds a rewritten or shortened log."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            AuditVerifier.Result r;
            try (Database db = database.open(2)) {
                r = new AuditVerifier(db.dataSource()).verify();
            } catch (RuntimeException e) {
                // Not "broken": a monitoring script must tell a tampered log from an unreachable database.
                System.err.println("audit log not checked: " + e.getMessage());
                return 2;
            }
            if (r.ok()) {
                System.out.println("audit log intact: " + r.checked() + " records, last hash " + r.lastHash());
                return 0;
            }
            System.out.println("audit log BROKEN at record " + r.brokenAt() + ": " + r.problem());
            return 1;
        }
    }
}
