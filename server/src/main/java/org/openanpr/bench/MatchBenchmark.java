package org.openanpr.bench;

import org.openanpr.hotlist.HitIndex;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.hotlist.ListRules;
import org.openanpr.hotlist.Match;
import org.openanpr.hotlist.MatchKind;
import org.openanpr.hotlist.Sighting;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;
import org.openanpr.plate.Plates;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Reference-list matching in memory on one thread: N synthetic entries, most on one exact list and a share on one
 * fuzzy list, a few hundred of them wildcard patterns. Reads come as in the field: about one in a hundred is on a
 * list, the rest are traffic that hits nothing. All reads are generated before the clock starts.
 */
public final class MatchBenchmark {
    private static final long EXACT_LIST = 1;
    private static final long FUZZY_LIST = 2;
    private static final int WILDCARDS = 300;
    /** Letters of Dutch plates since 1951: no vowels, and neither C, Q, W, M nor Y. */
    private static final String NL_LETTERS = "BDFGHJKLNPRSTVXZ";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String CONFUSIONS = "0ODQ 1IL 2Z 5S 8B 6G";

    private final int entries;
    private final int reads;
    private final int fuzzyPercent;

    public MatchBenchmark(int entries, int reads, int fuzzyPercent) {
        this.entries = entries;
        this.reads = reads;
        this.fuzzyPercent = fuzzyPercent;
    }

    public int run(PrintStream out) {
        Instant now = Instant.now();
        long heapBefore = usedHeap();
        List<ListEntry> listed = entries(new SplittableRandom(42));
        long heapEntries = usedHeap();
        long t0 = System.nanoTime();
        HitIndex index = HitIndex.build(listed, Map.of(EXACT_LIST, ListRules.of(EXACT_LIST, false, 1),
                FUZZY_LIST, ListRules.of(FUZZY_LIST, true, 0)));
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long heapIndex = usedHeap();
        long onFuzzy = listed.stream().filter(e -> e.listId() == FUZZY_LIST).count();

        long patterns = listed.stream().filter(ListEntry::hasWildcards).count();
        List<ListEntry> exactPlain = listed.stream().filter(e -> !e.hasWildcards() && e.listId() == EXACT_LIST).toList();
        List<ListEntry> fuzzyPlain = listed.stream().filter(e -> !e.hasWildcards() && e.listId() == FUZZY_LIST).toList();
        SplittableRandom r = new SplittableRandom(7);
        Sighting[] exactReads = new Sighting[reads];
        for (int i = 0; i < reads; i++) {
            ListEntry entry = exactPlain.get(r.nextInt(exactPlain.size()));
            Plate plate = r.nextInt(100) == 0 ? new Plate(entry.plate(), entry.country()) : plate(r);
            exactReads[i] = sighting(plate, r, now);
        }
        Sighting[] fuzzyReads = new Sighting[reads];
        for (int i = 0; i < reads; i++) {
            Plate plate = r.nextInt(100) == 0 && !fuzzyPlain.isEmpty()
                    ? misread(fuzzyPlain.get(r.nextInt(fuzzyPlain.size())), r) : plate(r);
            fuzzyReads[i] = sighting(plate, r, now);
        }

        out.println(MachineInfo.describe());
        out.printf("bench match: %,d entries (%,d on an exact list, %,d on a fuzzy list; %d wildcard patterns),"
                + " one thread%n", listed.size(), listed.size() - onFuzzy, onFuzzy, patterns);
        out.printf("index built in %.2f s; heap: entries %,d MiB, index %,d MiB%n", buildSeconds,
                (heapEntries - heapBefore) >> 20, (heapIndex - heapEntries) >> 20);
        Run exact = time(index, exactReads, id -> id == EXACT_LIST);
        out.printf("exact: %,d reads (1%% copies of exact-list plates) against the exact list: %,d reads hit"
                + " (%,d wildcard matches), %.2f s, %,.0f matches/s%n", reads, exact.hits, exact.wildcard,
                exact.seconds, exact.rate());
        Run fuzzy = time(index, fuzzyReads, id -> true);
        out.printf("fuzzy: %,d reads (1%% misreads of fuzzy-list plates) against both lists: %,d reads hit"
                + " (%,d fuzzy matches), %.2f s, %,.0f matches/s%n", reads, fuzzy.hits, fuzzy.fuzzy,
                fuzzy.seconds, fuzzy.rate());
        out.printf("fuzzy matches/s: %.0f%n", fuzzy.rate());
        out.printf("exact matches/s: %.0f%n", exact.rate());
        return 0;
    }

    private record Run(int reads, double seconds, long hits, long fuzzy, long wildcard) {
        double rate() {
            return reads / seconds;
        }
    }

    /** One untimed pass to let the JIT compile the matching path, then one timed pass. */
    private static Run time(HitIndex index, Sighting[] sightings, LongPredicate active) {
        pass(index, sightings, active);
        long t0 = System.nanoTime();
        long[] counts = pass(index, sightings, active);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(sightings.length, seconds, counts[0], counts[1], counts[2]);
    }

    /** Reads that hit, fuzzy matches, wildcard matches. */
    private static long[] pass(HitIndex index, Sighting[] sightings, LongPredicate active) {
        long hits = 0;
        long fuzzy = 0;
        long wildcard = 0;
        for (Sighting s : sightings) {
            List<Match> matches = index.match(s, active);
            if (!matches.isEmpty()) {
                hits++;
                for (Match m : matches) {
                    if (m.kind() == MatchKind.FUZZY) fuzzy++;
                    else if (m.kind() == MatchKind.WILDCARD) wildcard++;
                }
            }
        }
        return new long[] {hits, fuzzy, wildcard};
    }

    private List<ListEntry> entries(SplittableRandom r) {
        List<ListEntry> list = new ArrayList<>(entries);
        int wildcards = Math.min(WILDCARDS, entries / 10);
        for (int i = 0; i < entries; i++) {
            Plate plate = plate(r);
            String text = plate.text();
            if (i < wildcards) {
                // one or two unknown characters in a six-character plate, as a witness remembers it
                while (text.length() < 6) text = plate(r).text();
                char[] c = text.toCharArray();
                c[r.nextInt(c.length)] = ListEntry.WILDCARD;
                if (r.nextBoolean()) c[r.nextInt(c.length)] = ListEntry.WILDCARD;
                text = new String(c);
            }
            long listId = r.nextInt(100) < fuzzyPercent ? FUZZY_LIST : EXACT_LIST;
            Country country = r.nextInt(10) == 0 ? null : plate.country();
            list.add(ListEntry.of(i, listId, text, country, null, null));
        }
        return list;
    }

    private record Plate(String text, Country country) {
    }

    /** Dutch sidecodes 4-11 for most plates, some Belgian and German ones. */
    private static Plate plate(SplittableRandom r) {
        int kind = r.nextInt(100);
        StringBuilder sb = new StringBuilder(8);
        if (kind < 85) {
            String shape = switch (r.nextInt(8)) {
                case 0 -> "LL99LL";
                case 1 -> "LLLL99";
                case 2 -> "99LLLL";
                case 3 -> "99LLL9";
                case 4 -> "9LLL99";
                case 5 -> "LL999L";
                case 6 -> "L999LL";
                default -> "LLL99L";
            };
            for (char s : shape.toCharArray())
                sb.append(s == 'L' ? NL_LETTERS.charAt(r.nextInt(NL_LETTERS.length())) : (char) ('0' + r.nextInt(10)));
            return new Plate(sb.toString(), Country.NL);
        }
        if (kind < 93) { // Belgium since 2010: 1-ABC-123
            sb.append(r.nextInt(1, 10));
            for (int i = 0; i < 3; i++) sb.append(LETTERS.charAt(r.nextInt(26)));
            for (int i = 0; i < 3; i++) sb.append(r.nextInt(10));
            return new Plate(sb.toString(), Country.BE);
        }
        // Germany: a district of one to three letters, one or two letters, one to four digits; eight at most
        for (int i = 0, n = r.nextInt(1, 4) + r.nextInt(1, 3); i < n; i++) sb.append(LETTERS.charAt(r.nextInt(26)));
        sb.append(r.nextInt(1, 10));
        for (int i = 0, n = r.nextInt(0, Math.min(3, 8 - sb.length()) + 1); i < n; i++) sb.append(r.nextInt(10));
        return new Plate(sb.toString(), Country.DE);
    }

    /** Cameras tell the country of most reads, not all. */
    private static Sighting sighting(Plate plate, SplittableRandom r, Instant now) {
        return Sighting.of(plate.text(), r.nextInt(20) == 0 ? null : plate.country(), now);
    }

    /** The plate as a reader might get it wrong: a confused character, or one character dropped, added or wrong. */
    private static Plate misread(ListEntry entry, SplittableRandom r) {
        String plate = entry.plate();
        while (true) {
            StringBuilder sb = new StringBuilder(plate);
            int at = r.nextInt(plate.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, NL_LETTERS.charAt(r.nextInt(NL_LETTERS.length())));
                case 2 -> sb.setCharAt(at, (char) ('0' + r.nextInt(10)));
                default -> {
                    for (String group : CONFUSIONS.split(" "))
                        if (group.indexOf(plate.charAt(at)) >= 0) sb.setCharAt(at, group.charAt(r.nextInt(group.length())));
                }
            }
            String text = sb.toString();
            try {
                if (Plates.normalise(text).equals(text)) return new Plate(text, entry.country());
            } catch (InvalidPlateException e) {
                // too short, too long, or a run of one letter: misread it another way
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
