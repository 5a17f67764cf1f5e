package org.openanpr.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Repeats of the same look within a window, counted instead of written: a dashboard polling the same hits every 30
 * seconds, or a script trying the same wrong password. The first of a burst is written at once like any record (the
 * act is on the record before its data leaves, and a crash loses no act), the repeats are counted here, and when the
 * window ends one summary record says how many there were and when. Every record is an ordinary append, so the hash
 * chain is untouched; at worst a crash loses the count of the last window's repeats, never their first.
 */
final class AuditBursts {
    /** Bursts tracked at once; beyond it (many different actors or targets) records are simply written. */
    static final int MAX_BURSTS = 10_000;

    private final Duration window;
    private final Map<AuditEntry, Burst> open = new HashMap<>();
    /** Summaries of ended bursts not yet written (the database may be away for a while). */
    private final List<AuditEntry> pending = new ArrayList<>();

    AuditBursts(Duration window) {
        this.window = window;
    }

    /**
     * What dashboards poll and scripts hammer: looking at hits, and logging in. Repeating them adds nothing but the
     * count. Searches (whose volume per case is summed), exports and changes are each written.
     */
    static boolean coalesces(AuditEntry.Action action) {
        return switch (action) {
            case HIT_VIEW, LOGIN -> true;
            default -> false;
        };
    }

    /** What makes two records the same act: everything but the result count, which a polled view changes. */
    private static AuditEntry key(AuditEntry e) {
        return new AuditEntry(e.actor(), e.organisation(), e.action(), e.target(), e.legalBasis(), e.caseNumber(),
                e.purpose(), null, e.details());
    }

    private static final class Burst {
        final AuditEntry first;
        final long firstSeq;
        final Instant ends;
        int repeats;
        long results;
        boolean anyResults;
        Instant firstRepeat;
        Instant lastRepeat;

        Burst(AuditEntry first, long firstSeq, Instant ends) {
            this.first = first;
            this.firstSeq = firstSeq;
            this.ends = ends;
        }
    }

    /** Counts {@code e} as a repeat of an open burst; returns the sequence number of the burst's first record, or -1. */
    synchronized long repeat(AuditEntry e, Instant now) {
        Burst b = open.get(key(e));
        if (b == null || !now.isBefore(b.ends)) return -1;
        b.repeats++;
        if (e.resultCount() != null) {
            b.results += e.resultCount();
            b.anyResults = true;
        }
        if (b.firstRepeat == null) b.firstRepeat = now;
        b.lastRepeat = now;
        return b.firstSeq;
    }

    /** Opens a burst after its first record was written as {@code seq}; an ended one in its place is summarised. */
    synchronized void opened(AuditEntry e, long seq, Instant now) {
        AuditEntry key = key(e);
        Burst old = open.get(key);
        if (old == null && open.size() >= MAX_BURSTS) return;
        if (old != null && old.repeats > 0) pending.add(summary(old));
        open.put(key, new Burst(e, seq, now.plus(window)));
    }

    /** Summaries that could not be written, to be tried again. */
    synchronized void retry(List<AuditEntry> summaries) {
        pending.addAll(0, summaries);
    }

    /**
     * Removes the bursts whose window has ended (all of them when {@code all}) and returns the summary records of
     * those that had repeats.
     */
    synchronized List<AuditEntry> ended(Instant now, boolean all) {
        List<AuditEntry> summaries = new ArrayList<>(pending);
        pending.clear();
        for (Iterator<Burst> it = open.values().iterator(); it.hasNext(); ) {
            Burst b = it.next();
            if (!all && now.isBefore(b.ends)) continue;
            it.remove();
            if (b.repeats > 0) summaries.add(summary(b));
        }
        return summaries;
    }

    private static AuditEntry summary(Burst b) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (b.first.details() != null) details.putAll(b.first.details());
        details.put("repeatOf", b.firstSeq);
        details.put("repeats", b.repeats);
        details.put("firstRepeat", b.firstRepeat.toString());
        details.put("lastRepeat", b.lastRepeat.toString());
        Integer results = b.anyResults ? (int) Math.min(Integer.MAX_VALUE, b.results) : null;
        return new AuditEntry(b.first.actor(), b.first.organisation(), b.first.action(), b.first.target(),
                b.first.legalBasis(), b.first.caseNumber(), b.first.purpose(), results, details);
    }
}
