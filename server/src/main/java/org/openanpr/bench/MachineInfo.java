package org.openanpr.bench;

import org.openanpr.db.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line that says what a benchmark ran on, so its figures can be compared honestly. */
public final class MachineInfo {
    private MachineInfo() {
    }

    public static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the JVM's figures below still say enough
        }
        long memGiB = EmbeddedPostgresServer.physicalMemory() >> 30;
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGiB
                + " GiB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + Runtime.version() + ", heap max " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }
}
