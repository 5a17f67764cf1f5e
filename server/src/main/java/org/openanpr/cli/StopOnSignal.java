package org.openanpr.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a long-running command's stop, once, when it is asked to stop: on SIGTERM (systemd, docker, Kubernetes) and
 * SIGINT (Ctrl-C) before the JVM begins to shut down, and from a shutdown hook on any other way out.
 * <p>
 * A shutdown hook alone runs beside every other hook, and the embedded PostgreSQL registers its own (zonky's), which
 * stops the database at once: serve's read writers and its stop-time flushes then lost their database mid-way, and
 * its watchdog tried to start it again. Handling the signal first lets the command stop in its own order, the
 * database last; the JVM's hooks find it stopped.
 */
final class StopOnSignal {
    private static final Logger log = LoggerFactory.getLogger(StopOnSignal.class);

    private StopOnSignal() {
    }

    static void install(Runnable stop) {
        AtomicBoolean started = new AtomicBoolean();
        Runnable once = () -> {
            if (started.compareAndSet(false, true)) stop.run();
        };
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("SIG{} received: stopping", signal.getName());
                    Thread.ofPlatform().name("stop").start(once);
                });
            } catch (IllegalArgumentException taken) {
                // A platform without the signal, or a JVM that reserves it: the shutdown hook below still stops.
                log.warn("SIG{} is not ours to handle ({}); a stop on it runs beside the JVM's other shutdown hooks",
                        name, taken.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(once, "shutdown"));
    }
}
