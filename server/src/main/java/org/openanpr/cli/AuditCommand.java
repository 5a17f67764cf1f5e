package org.openanpr.cli;

import org.openanpr.audit.AuditCheckpoints;
import org.openanpr.audit.AuditVerifier;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Checkpoint.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr audit verify [--db URL] [--checkpoints FILE]  |  anpr audit checkpoint [--db URL]");
    }

    /** Where checkpoints are written and the key that signs them: by default in the data directory. */
    static final class CheckpointOptions {
        @Option(names = "--checkpoints", paramLabel = "FILE",
                description = "Signed audit checkpoints, one line each (default: <data>/audit-checkpoints).")
        Path file;

        @Option(names = "--checkpoint-key", paramLabel = "FILE",
                description = "Ed25519 key that signs checkpoints, created with mode 0600 when missing; its public half "
                        + "is FILE.pub (default: <data>/audit-checkpoint.key).")
        Path key;

        Path file(DatabaseOptions database) {
            return file != null ? file : database.data.resolve("audit-checkpoints");
        }

        Path key(DatabaseOptions database) {
            return key != null ? key : database.data.resolve("audit-checkpoint.key");
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recomputes the audit log's hash chain: finds a record edited, removed or reordered.",
                    "With --checkpoints, also a log cut short or rewritten whole since a signed checkpoint.",
                    "Exit status 0: intact; 1: broken; 2: could not be checked."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--checkpoints", paramLabel = "FILE",
                description = "Signed checkpoints (anpr audit checkpoint, or written by serve); best a copy kept off the host.")
        Path checkpoints;

        @Option(names = "--public-key", paramLabel = "FILE",
                description = "Public key the checkpoints must be signed with; best a copy kept off the host "
                        + "(default: <data>/audit-checkpoint.key.pub).")
        Path publicKey;

        @Override
        public Integer call() {
            List<AuditCheckpoints.Checkpoint> anchors = List.of();
            if (checkpoints != null) {
                Path pub = publicKey != null ? publicKey : CheckpointKey.publicKeyFile(database.data.resolve("audit-checkpoint.key"));
                try {
                    anchors = AuditCheckpoints.read(checkpoints, CheckpointKey.publicKey(pub));
                } catch (AuditCheckpoints.Tampered e) {
                    System.out.println("audit checkpoints BROKEN: " + e.getMessage());
                    return 1;
                } catch (RuntimeException e) {
                    System.err.println("audit log not checked: " + e.getMessage());
                    return 2;
                }
            }
            AuditVerifier.Result r;
            try (Database db = database.open(2)) {
                r = new AuditVerifier(db.dataSource()).verify(anchors);
            } catch (RuntimeException e) {
                // Not "broken": a monitoring script must tell a tampered log from an unreachable database.
                System.err.println("audit log not checked: " + e.getMessage());
                return 2;
            }
            if (r.ok()) {
                System.out.println("audit log intact: " + r.checked() + " records, last hash " + r.lastHash()
                        + (checkpoints == null ? "" : "; " + anchors.size() + " signed checkpoints hold"));
                return 0;
            }
            System.out.println("audit log BROKEN at record " + r.brokenAt() + ": " + r.problem());
            return 1;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = {"Checks the records since the last checkpoint and appends a signed checkpoint of the last one.",
                    "serve writes one every 5 minutes too. Copy the file (and the key's .pub) off the host.",
                    "Exit status 0: written (or nothing new); 1: the log is broken, nothing signed; 2: could not be done."})
    static final class Checkpoint implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Mixin
        CheckpointOptions options;

        @Override
        public Integer call() {
            try (Database db = database.open(2)) {
                AuditCheckpoints.Checkpoint cp = new AuditCheckpoints(db.dataSource(), options.file(database),
                        CheckpointKey.loadOrCreate(options.key(database)), Clock.systemUTC()).write();
                System.out.println(cp == null ? "no new audit records since the last checkpoint"
                        : "audit checkpoint: record " + cp.seq() + ", hash " + cp.hash() + " -> " + options.file(database));
                return 0;
            } catch (AuditCheckpoints.Tampered e) {
                System.out.println(e.getMessage());
                return 1;
            } catch (RuntimeException e) {
                System.err.println("audit checkpoint not written: " + e.getMessage());
                return 2;
            }
        }
    }
}
