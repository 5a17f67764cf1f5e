package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.passage.IncomingRead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoFeederTest {
    private static final Instant NOON = Instant.parse("2025-03-12T11:00:00Z");

    @Test
    void deliversBatchesOnItsOwnDaemonThreadAndStopsOnClose() throws Exception {
        MutableClock clock = new MutableClock(NOON);
        List<List<IncomingRead>> batches = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> sinkThread = new AtomicReference<>();
        DemoFeeder feeder = new DemoFeeder(new DemoTraffic(DemoRegion.utrecht(), 5, 1), batch -> {
            sinkThread.set(Thread.currentThread());
            batches.add(batch);
        }, clock);
        feeder.start();
        clock.advance(Duration.ofSeconds(30));
        awaitUntil(() -> !batches.isEmpty());
        feeder.close();

        assertThat(sinkThread.get().getName()).isEqualTo("demo-feeder");
        assertThat(sinkThread.get().isDaemon()).isTrue();
        assertThat(feeder.thread().isAlive()).isFalse();
        assertThat(batches).allSatisfy(b -> assertThat(b).isNotEmpty());
        assertThat(batches.stream().mapToInt(List::size).sum()).isGreaterThan(50);
        assertThat(batches.stream().flatMap(List::stream))
                .allSatisfy(r -> assertThat(r.time().toInstant()).isBetween(NOON, NOON.plusSeconds(30)));
    }

    @Test
    void keepsGoingWhenTheSinkThrows() throws Exception {
        MutableClock clock = new MutableClock(NOON);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        try (DemoFeeder feeder = new DemoFeeder(new DemoTraffic(DemoRegion.utrecht(), 5, 1), batch -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("database restarting");
            delivered.addAndGet(batch.size());
        }, clock)) {
            feeder.start();
            clock.advance(Duration.ofSeconds(30));
            awaitUntil(() -> calls.get() >= 1);
            clock.advance(Duration.ofSeconds(30));
            awaitUntil(() -> delivered.get() > 0);
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void catchesUpAtMostOneMinuteAfterAStall() {
        MutableClock clock = new MutableClock(NOON.plus(Duration.ofHours(3)));
        List<IncomingRead> seen = new CopyOnWriteArrayList<>();
        DemoFeeder feeder = new DemoFeeder(new DemoTraffic(DemoRegion.utrecht(), 5, 1), seen::addAll, clock);
        Instant delivered = feeder.tick(NOON);
        assertThat(delivered).isEqualTo(clock.instant());
        assertThat(seen).isNotEmpty().allSatisfy(r ->
                assertThat(r.time().toInstant()).isAfterOrEqualTo(clock.instant().minus(DemoFeeder.MAX_CATCH_UP)));
        // A clock set back delivers nothing until it passes the last delivered moment again.
        assertThat(feeder.tick(clock.instant().plusSeconds(5))).isEqualTo(clock.instant().plusSeconds(5));
    }

    @Test
    void startsOnlyOnce() {
        try (DemoFeeder feeder = new DemoFeeder(new DemoTraffic(DemoRegion.utrecht(), 1, 1), b -> { }, Clock.systemUTC())) {
            feeder.start();
            assertThatThrownBy(feeder::start).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(20);
        }
    }

    /** A clock the test moves by hand, read from the feeder thread. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
