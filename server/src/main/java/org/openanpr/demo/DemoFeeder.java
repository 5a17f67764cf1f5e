package org.openanpr.demo;

import org.openanpr.passage.IncomingRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Feeds {@link DemoTraffic} into the system in real time: a few times a second it hands the sink whatever the
 * cameras "read" since the previous tick, the way a live camera network trickles reads in.
 */
public final class DemoFeeder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoFeeder.class);

    static final Duration TICK = Duration.ofMillis(250);

    /** After a stall (debugger, laptop asleep) replay at most this much, instead of flooding the sink with hours. */
    static final Duration MAX_CATCH_UP = Duration.ofMinutes(1);

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final DemoTraffic traffic;
    private final Consumer<List<IncomingRead>> sink;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;

    public DemoFeeder(DemoTraffic traffic, Consumer<List<IncomingRead>> sink, Clock clock) {
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the feeder thread; traffic begins at the clock's current time. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("demo feeder already started");
        if (stop.getCount() == 0) throw new IllegalStateException("demo feeder is closed");
        Instant begin = clock.instant();
        thread = Thread.ofPlatform().name("demo-feeder").daemon().unstarted(() -> run(begin));
        thread.start();
    }

    /** Stops the feeder and waits for its thread; a batch being handed to the sink is finished, not interrupted. */
    @Override
    public void close() {
        stop.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) return;
        try {
            if (!t.join(JOIN_TIMEOUT)) log.warn("demo feeder did not stop within {}; leaving the daemon thread", JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized Thread thread() {
        return thread;
    }

    private void run(Instant begin) {
        Instant last = begin;
        try {
            while (!stop.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                last = tick(last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One step; returns the time up to which traffic has been delivered. */
    Instant tick(Instant last) {
        Instant now = clock.instant();
        if (!now.isAfter(last)) return last;  // clock stood still or was set back: wait for it to pass `last`
        Instant from = last.isBefore(now.minus(MAX_CATCH_UP)) ? now.minus(MAX_CATCH_UP) : last;
        try {
            List<IncomingRead> batch = traffic.readsBetween(from, now);
            if (!batch.isEmpty()) sink.accept(batch);
        } catch (Exception e) {
            // The demo must outlive a hiccup downstream (database restarting, a validation bug); this batch is lost.
            log.warn("demo feeder: batch {}..{} failed, continuing", from, now, e);
        }
        return now;
    }
}
