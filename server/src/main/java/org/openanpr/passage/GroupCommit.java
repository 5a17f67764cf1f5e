package org.openanpr.passage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * The store and publish stages: one transaction, owned here, for the reads of many requests. Requests wait in one
 * queue; each of a few writer threads takes what is waiting (up to {@link #MAX_READS} reads) and writes it on one
 * connection: passages, then every finding stage's findings, then one commit and one WAL flush for them all. Each
 * request is answered once that commit returned, with its own reads' fate; then the findings are published on the same
 * connection. So a camera posting one read per request does not pay a flush of its own, and no writer ever holds
 * one pooled connection while waiting for another.
 *
 * <p>When a group's transaction fails, each request in it is tried again alone, so one request's problem is not its
 * neighbours': a request that fails alone is told that nothing of it was stored.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** The most reads one transaction takes from the queue (one request of a larger batch is never split). */
    static final int MAX_READS = 10_000;
    /**
     * The reads that must be waiting before a writer other than the first takes them. A commit costs PostgreSQL about
     * a millisecond of CPU whatever it holds: cameras posting one read per request are best served by one writer whose
     * groups grow while it flushes (measured: a quarter fewer CPU microseconds per read than four writers taking what
     * each finds), while batches, and a backlog that outgrows one writer, still spread over all of them.
     */
    static final int SHARED_GROUP = PassageStore.COPY_FROM;

    /** One request's valid reads (ids distinct), what each finding stage found in them, and which are kept. */
    private record Request(List<Passage> passages, List<FindingStage.Findings> findings, Predicate<Passage> keep,
                           CompletableFuture<Set<UUID>> done) {
    }

    private final DataSource db;
    private final PassageStore store;
    private final List<FindingStage> stages;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Guards {@link #queue}, {@link #queuedReads} and {@link #closed}. */
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Where the first writer waits, and where the others wait for {@link #SHARED_GROUP} reads: a single read wakes one
     * thread, not every writer only for most of them to find too little and sleep again.
     */
    private final Condition anyWaiting = lock.newCondition();
    private final Condition groupWaiting = lock.newCondition();
    /** Reads in {@link #queue}. */
    private int queuedReads;
    private final List<Thread> writers = new ArrayList<>();
    private final IntConsumer committed;
    private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder committedReads = new java.util.concurrent.atomic.LongAdder();
    private boolean closed;

    /** @param committed told the number of reads of every commit */
    GroupCommit(DataSource db, PassageStore store, List<FindingStage> stages, int writers, IntConsumer committed) {
        this.committed = committed;
        this.db = db;
        this.store = store;
        this.stages = List.copyOf(stages);
        for (int i = 0; i < writers; i++) {
            int least = i == 0 ? 1 : SHARED_GROUP;
            this.writers.add(Thread.ofPlatform().daemon().name("read-writer-" + i).start(() -> writeLoop(least)));
        }
    }

    /**
     * Stores the reads and their findings; returns once they are committed (durable), with the ids that were new.
     * Their findings are published after the commit by the writer.
     *
     * @throws NotStored when the transaction failed (nothing stored) or its commit was not confirmed
     */
    Set<UUID> store(List<Passage> passages, List<FindingStage.Findings> findings, Predicate<Passage> keep) {
        store.prepare(passages);
        Request r = new Request(passages, findings, keep, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) throw new NotStored(false, new IllegalStateException("the server is stopping"));
            queue.add(r);
            queuedReads += passages.size();
            anyWaiting.signal();
            if (queuedReads >= SHARED_GROUP) groupWaiting.signal();
        } finally {
            lock.unlock();
        }
        try {
            return r.done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotStored n) throw n;
            throw new NotStored(false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The writer may still commit it: the answer cannot say it was not stored.
            throw new NotStored(true, e);
        }
    }

    /** @param least the reads that must be waiting before this writer takes them (a request of 0 reads counts as 1) */
    private List<Request> nextGroup(int least) throws InterruptedException {
        Condition waitHere = least <= 1 ? anyWaiting : groupWaiting;
        lock.lockInterruptibly();
        try {
            while ((queue.isEmpty() || queuedReads < least) && !closed) waitHere.await();
            List<Request> group = new ArrayList<>();
            int reads = 0;
            while (!queue.isEmpty() && (group.isEmpty() || reads + queue.peek().passages.size() <= MAX_READS)) {
                Request r = queue.poll();
                group.add(r);
                reads += r.passages.size();
                queuedReads -= r.passages.size();
            }
            // What is left is another writer's to take, if it is enough for one.
            if (!queue.isEmpty()) (queuedReads >= SHARED_GROUP ? groupWaiting : anyWaiting).signal();
            return group;
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop(int least) {
        while (true) {
            List<Request> group;
            try {
                group = nextGroup(least);
            } catch (InterruptedException e) {
                return;
            }
            if (group.isEmpty()) return; // closed
            try {
                write(group);
            } catch (NotStored e) {
                log.warn("writing {} requests' reads in one transaction failed{}", group.size(),
                        e.maybeStored() ? " at the commit" : "", e);
                if (e.maybeStored() || group.size() == 1 || group.getFirst().done.isDone()) {
                    group.forEach(r -> r.done.completeExceptionally(e));
                    continue;
                }
                for (Request r : group) {
                    if (r.done.isDone()) continue;
                    try {
                        write(List.of(r));
                    } catch (NotStored alone) {
                        log.warn("writing one request's reads failed", alone);
                        r.done.completeExceptionally(alone);
                    } catch (RuntimeException | Error alone) {
                        r.done.completeExceptionally(new NotStored(false, alone));
                    }
                }
            } catch (RuntimeException | Error e) {
                log.error("a read writer failed", e);
                group.forEach(r -> r.done.completeExceptionally(new NotStored(false, e)));
            }
        }
    }

    /** One transaction for the group: answers every request after the commit, then publishes. */
    private void write(List<Request> group) {
        // A read id carried by two requests of the group belongs to the first; for the second it is a duplicate.
        Set<UUID> taken = new HashSet<>();
        List<List<Passage>> own = new ArrayList<>(group.size());
        List<Passage> all = new ArrayList<>();
        Set<UUID> kept = new HashSet<>();
        for (Request r : group) {
            List<Passage> mine = new ArrayList<>(r.passages.size());
            for (Passage p : r.passages) {
                if (!taken.add(p.id())) continue;
                mine.add(p);
                if (r.keep.test(p)) kept.add(p.id());
            }
            own.add(mine);
            all.addAll(mine);
        }
        Connection connection;
        try {
            connection = db.getConnection();
        } catch (SQLException e) {
            // The database is away (the pool waited in vain): trying each request alone would only wait again.
            NotStored failed = new NotStored(false, e);
            group.forEach(r -> r.done.completeExceptionally(failed));
            return;
        }
        try (Connection c = connection) {
            List<Set<UUID>> claimedPerRequest = new ArrayList<>(group.size());
            List<FindingStage.Publication> publications = new ArrayList<>(stages.size());
            try {
                c.setAutoCommit(false);
                Set<UUID> claimed = store.write(c, all, p -> kept.contains(p.id()));
                for (List<Passage> mine : own) {
                    Set<UUID> ids = new HashSet<>();
                    for (Passage p : mine) if (claimed.contains(p.id())) ids.add(p.id());
                    claimedPerRequest.add(ids);
                }
                for (int s = 0; s < stages.size(); s++) {
                    List<FindingStage.Claimed> claims = new ArrayList<>(group.size());
                    for (int i = 0; i < group.size(); i++)
                        claims.add(new FindingStage.Claimed(group.get(i).findings.get(s), own.get(i), claimedPerRequest.get(i)));
                    publications.add(stages.get(s).write(c, claims));
                }
            } catch (Exception e) {
                rollback(c);
                throw new NotStored(false, e);
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new NotStored(true, e);
            }
            for (int i = 0; i < group.size(); i++) group.get(i).done.complete(claimedPerRequest.get(i));
            committed.accept(all.size());
            commits.increment();
            committedReads.add(all.size());
            // Committed and answered: nothing from here on may turn an answer into an error.
            try {
                c.setAutoCommit(true);
                for (FindingStage.Publication p : publications) p.publish(c);
            } catch (RuntimeException | SQLException e) {
                log.warn("publishing after a commit failed; what is still in the outbox is published again", e);
            }
        } catch (SQLException e) {
            // Closing the connection after the commit: every request was answered already.
            log.debug("closing a read writer's connection failed", e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed; the connection is discarded", e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            anyWaiting.signalAll();
            groupWaiting.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : writers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("read writers stopped: {} reads in {} commits", committedReads.sum(), commits.sum());
    }
}
