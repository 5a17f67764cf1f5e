package org.openanpr.cli;

import org.openanpr.audit.CheckpointKey;
import org.openanpr.evidence.EvidenceZip;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Evidence packages of zone fines.",
        subcommands = {EvidenceCommand.Verify.class})
final class EvidenceCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: anpr evidence verify FILE.zip [--public-key PUB]");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks an evidence ZIP: every file against its SHA-256 in the manifest, the manifest's Ed25519 signature "
                    + "against the server's public key, and that the ZIP is byte for byte as signed.",
                    "Exit 0: it verifies; 1: it does not (the reason is printed); 2: the file or key cannot be read."})
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE.zip")
        Path file;
        @Option(names = "--public-key", description = "The server's evidence public key (default: <data>/evidence.key.pub).")
        Path publicKey;
        @Option(names = "--data", defaultValue = "data", description = "Data directory of the server (default: ./${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() {
            Path pub = publicKey != null ? publicKey : data.resolve("evidence.key.pub");
            byte[] zip;
            PublicKey key;
            try {
                zip = Files.readAllBytes(file);
                key = CheckpointKey.publicKey(pub);
            } catch (IOException | RuntimeException e) {
                System.err.println("anpr evidence verify: " + e.getMessage());
                return 2;
            }
            EvidenceZip.Result r = EvidenceZip.verify(zip, key);
            if (r.ok()) {
                System.out.println("OK: " + file + " verifies (" + r.files() + " files, signed by " + pub + ")");
                return 0;
            }
            System.out.println("FAILED: " + file + ": " + r.problem());
            return 1;
        }
    }
}
