package org.openanpr.hotlist;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import org.openanpr.plate.OcrConfusion;

/**
 * Every entry of every reference list, arranged to match reads fast; immutable, so any number of threads may match
 * against one index while a new one is built to replace it.
 *
 * <p>Most reads hit nothing, so a read that hits nothing costs one probe of a table of plate codes, a scan of the few
 * wildcard patterns of its length with two word operations each, and, when a fuzzy list is active, one probe for its
 * confusion key in each of two tables and one for each single-character deletion of that key. Fuzzy entries sit under
 * their key in one table and under each single-character deletion of it in the other: a read with a character missing
 * has the key of one of an entry's deletions, a read with one extra has a deletion that is the entry's key, a read
 * with only confusions has the entry's key; {@link OcrConfusion#misread} checks each candidate. A deletion of the
 * read is never looked up among the entries' deletions: what meets there is one plainly different character, which is
 * no misread, and on a dense plate space that was most of the candidates.
 *
 * <p>Building costs time in proportion to all entries, so a small change is laid over an index instead
 * ({@link #withChanges}): the entries it adds go into a small index of their own, the ones it removes are hidden, and
 * both layers answer each read. The owner builds afresh when the layer grows large ({@link #changedEntries}).
 */
public final class HitIndex {

    private static final Comparator<Found> ORDER = Comparator.comparingInt((Found f) -> -f.priority())
            .thenComparing(f -> f.match().kind())
            .thenComparingInt(f -> f.match().distance())
            .thenComparingLong(f -> f.match().entry().listId())
            .thenComparingLong(f -> f.match().entry().entryId());

    private final ListEntry[] entries;
    /** The rules of each entry's list, by entry number. */
    private final ListRules[] rules;
    /** Plate code to the entries without wildcards. */
    private final KeyTable exact;
    /** Confusion key to the entries without wildcards on fuzzy lists. */
    private final KeyTable fuzzy;
    /** Each distinct single-character deletion of the confusion key to the same entries. */
    private final KeyTable fuzzyDeletions;
    /**
     * Bit n set when some entry in {@link #fuzzy} has n characters: a read is looked up only where an entry of its
     * length, one more or one less could be (a list of Dutch plates has one length, and most probes found nothing).
     */
    private final long fuzzyLengths;
    /** The lists with entries in {@link #fuzzy}: when none is active, a read skips the fuzzy probes. */
    private final long[] fuzzyLists;
    /** By plate length; null where no pattern has that length. */
    private final Patterns[] patterns;
    /** Ids of entries of this layer that a later change removed; they no longer hit. */
    private final Set<Long> removed;
    /** Entries added by changes since this layer was built, themselves without a layer; null when none. */
    private final HitIndex added;

    private HitIndex(ListEntry[] entries, ListRules[] rules, KeyTable exact, KeyTable fuzzy, KeyTable fuzzyDeletions,
                     long fuzzyLengths, long[] fuzzyLists, Patterns[] patterns, Set<Long> removed, HitIndex added) {
        this.entries = entries;
        this.rules = rules;
        this.exact = exact;
        this.fuzzy = fuzzy;
        this.fuzzyDeletions = fuzzyDeletions;
        this.fuzzyLengths = fuzzyLengths;
        this.fuzzyLists = fuzzyLists;
        this.patterns = patterns;
        this.removed = removed;
        this.added = added;
    }

    /**
     * @param rules by list id; every entry's list must have rules
     * @throws IllegalArgumentException when an entry's list has no rules
     */
    public static HitIndex build(Collection<ListEntry> entries, Map<Long, ListRules> rules) {
        ListEntry[] all = entries.toArray(new ListEntry[0]);
        ListRules[] ruleOf = new ListRules[all.length];
        boolean[] wildcard = new boolean[all.length];
        Set<Long> fuzzyLists = new LinkedHashSet<>();
        long fuzzyLengths = 0;
        List<List<Integer>> patternsByLength = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            ListEntry e = all[i];
            ListRules r = rules.get(e.listId());
            if (r == null) {
                throw new IllegalArgumentException("entry " + e.entryId() + " is on list " + e.listId()
                        + ", which has no rules");
            }
            ruleOf[i] = r;
            wildcard[i] = e.hasWildcards();
            if (wildcard[i]) {
                int length = e.plate().length();
                while (patternsByLength.size() <= length) {
                    patternsByLength.add(new ArrayList<>());
                }
                patternsByLength.get(length).add(i);
            } else if (r.fuzzy()) {
                fuzzyLists.add(e.listId());
                fuzzyLengths |= lengthBit(e.plate().length());
            }
        }
        KeyTable exact = KeyTable.build(sink -> {
            for (int i = 0; i < all.length; i++) {
                if (!wildcard[i]) {
                    sink.add(PlateCode.of(all[i].plate()), i);
                }
            }
        });
        KeyTable fuzzy = KeyTable.build(sink -> {
            for (int i = 0; i < all.length; i++) {
                if (!wildcard[i] && ruleOf[i].fuzzy()) {
                    sink.add(PlateCode.keyOf(all[i].plate()), i);
                }
            }
        });
        KeyTable fuzzyDeletions = KeyTable.build(sink -> {
            for (int i = 0; i < all.length; i++) {
                int entry = i;
                if (!wildcard[i] && ruleOf[i].fuzzy()) {
                    forEachDeletion(all[i].plate(), key -> sink.add(key, entry));
                }
            }
        });
        Patterns[] patterns = new Patterns[patternsByLength.size()];
        for (int length = 0; length < patterns.length; length++) {
            if (!patternsByLength.get(length).isEmpty()) {
                patterns[length] = Patterns.of(patternsByLength.get(length), all, ruleOf);
            }
        }
        return new HitIndex(all, ruleOf, exact, fuzzy, fuzzyDeletions, fuzzyLengths,
                fuzzyLists.stream().mapToLong(Long::longValue).toArray(), patterns, Set.of(), null);
    }

    /**
     * This index with {@code add} added and the entries with ids in {@code remove} removed, built in time in
     * proportion to the changes since this index was built, not to its size; this index is left as it was.
     *
     * @param rules by list id; every added entry's list must have rules
     */
    public HitIndex withChanges(Collection<ListEntry> add, Set<Long> remove, Map<Long, ListRules> rules) {
        Set<Long> hidden = new HashSet<>(removed);
        hidden.addAll(remove);
        List<ListEntry> layer = new ArrayList<>(add.size() + (added == null ? 0 : added.size()));
        if (added != null) {
            for (ListEntry e : added.entries) {
                if (!remove.contains(e.entryId())) {
                    layer.add(e);
                }
            }
        }
        layer.addAll(add);
        return new HitIndex(entries, this.rules, exact, fuzzy, fuzzyDeletions, fuzzyLengths, fuzzyLists, patterns,
                Set.copyOf(hidden), layer.isEmpty() ? null : build(layer, rules));
    }

    /** The entries added and removed by {@link #withChanges} since this index was built. */
    public int changedEntries() {
        return removed.size() + (added == null ? 0 : added.size());
    }

    /** The number of entries this index was built with, without later changes. */
    public int size() {
        return entries.length;
    }

    /**
     * Every entry that {@code sighting} hits, each once with its best kind of match, on lists for which
     * {@code listActive} holds, whose conditions admit the sighting and whose validity covers its time; the lists of
     * higher priority first, then exact before wildcard before fuzzy matches.
     */
    public List<Match> match(Sighting sighting, LongPredicate listActive) {
        List<Found> found = collect(sighting, listActive, null);
        if (added != null) {
            found = added.collect(sighting, listActive, found);
        }
        if (found == null) {
            return List.of();
        }
        found.sort(ORDER);
        return found.stream().map(Found::match).toList();
    }

    private List<Found> collect(Sighting sighting, LongPredicate listActive, List<Found> found) {
        String plate = sighting.plate();
        long code = PlateCode.of(plate);
        int handle = exact.find(code);
        if (handle != KeyTable.NONE) {
            for (int i = 0, n = exact.count(handle); i < n; i++) {
                found = accept(exact.entry(handle, i), MatchKind.EXACT, 0, sighting, listActive, found);
            }
        }
        if (plate.length() < patterns.length && patterns[plate.length()] != null) {
            found = matchPatterns(patterns[plate.length()], code, sighting, listActive, found);
        }
        if (anyActive(fuzzyLists, listActive)) {
            found = matchFuzzy(sighting, listActive, found);
        }
        return found;
    }

    private List<Found> matchPatterns(Patterns p, long code, Sighting sighting, LongPredicate listActive,
                                      List<Found> found) {
        long key = PlateCode.keyOf(sighting.plate());
        for (int j = 0; j < p.entry.length; j++) {
            if (((p.onFuzzyList[j] ? key : code) & p.known[j]) == p.code[j]) {
                found = accept(p.entry[j], MatchKind.WILDCARD, 0, sighting, listActive, found);
            }
        }
        return found;
    }

    private List<Found> matchFuzzy(Sighting sighting, LongPredicate listActive, List<Found> found) {
        String plate = sighting.plate();
        int length = plate.length();
        long key = PlateCode.keyOf(plate);
        if ((fuzzyLengths & lengthBit(length)) != 0) {
            found = matchCandidates(fuzzy, key, sighting, listActive, found);
        }
        if ((fuzzyLengths & lengthBit(length + 1)) != 0) {
            found = matchCandidates(fuzzyDeletions, key, sighting, listActive, found);
        }
        if ((fuzzyLengths & lengthBit(length - 1)) == 0) {
            return found;
        }
        for (int i = 0; i < length; i++) {
            // deleting any character of a run of equal ones gives the same key
            if (i > 0 && PlateCode.charAt(key, length, i) == PlateCode.charAt(key, length, i - 1)) {
                continue;
            }
            found = matchCandidates(fuzzy, PlateCode.deleteAt(key, length, i), sighting, listActive, found);
        }
        return found;
    }

    private List<Found> matchCandidates(KeyTable table, long key, Sighting sighting, LongPredicate listActive,
                                        List<Found> found) {
        int handle = table.find(key);
        if (handle == KeyTable.NONE) {
            return found;
        }
        String plate = sighting.plate();
        for (int i = 0, n = table.count(handle); i < n; i++) {
            int e = table.entry(handle, i);
            String candidate = entries[e].plate();
            // an equal text was matched exactly, and one entry comes up under several keys
            if (!candidate.equals(plate) && !holds(found, entries[e]) && OcrConfusion.misread(plate, candidate)) {
                found = accept(e, MatchKind.FUZZY, OcrConfusion.distance(plate, candidate), sighting, listActive,
                        found);
            }
        }
        return found;
    }

    private List<Found> accept(int e, MatchKind kind, int distance, Sighting sighting, LongPredicate listActive,
                               List<Found> found) {
        ListEntry entry = entries[e];
        if (!listActive.test(entry.listId()) || !entry.fitsCountry(sighting.country())
                || !entry.validAt(sighting.time()) || !rules[e].admits(sighting)
                || !removed.isEmpty() && removed.contains(entry.entryId())) {
            return found;
        }
        List<Found> list = found == null ? new ArrayList<>(2) : found;
        list.add(new Found(new Match(entry, kind, distance), rules[e].priority()));
        return list;
    }

    private static boolean holds(List<Found> found, ListEntry entry) {
        if (found != null) {
            for (Found f : found) {
                if (f.match().entry() == entry) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyActive(long[] lists, LongPredicate listActive) {
        for (long list : lists) {
            if (listActive.test(list)) {
                return true;
            }
        }
        return false;
    }

    /** A plate length as a bit of a mask; lengths beyond 63 (no plate is so long) share the last bit. */
    private static long lengthBit(int length) {
        return 1L << Math.min(Math.max(length, 0), 63);
    }

    /** Each distinct one-character deletion of a fuzzy entry's confusion key. */
    private static void forEachDeletion(String plate, LongConsumer action) {
        int length = plate.length();
        long key = PlateCode.keyOf(plate);
        for (int i = 0; i < length; i++) {
            if (i > 0 && PlateCode.charAt(key, length, i) == PlateCode.charAt(key, length, i - 1)) {
                continue;
            }
            action.accept(PlateCode.deleteAt(key, length, i));
        }
    }

    private record Found(Match match, int priority) {
    }

    /**
     * The wildcard patterns of one length as parallel arrays: a read fits pattern j when its code, masked to the
     * known characters, equals the pattern's code; on a fuzzy list both are confusion keys.
     */
    private static final class Patterns {
        final int[] entry;
        final long[] known;
        final long[] code;
        final boolean[] onFuzzyList;

        private Patterns(int size) {
            entry = new int[size];
            known = new long[size];
            code = new long[size];
            onFuzzyList = new boolean[size];
        }

        static Patterns of(List<Integer> entryNumbers, ListEntry[] entries, ListRules[] rules) {
            Patterns p = new Patterns(entryNumbers.size());
            for (int j = 0; j < p.entry.length; j++) {
                int e = entryNumbers.get(j);
                String pattern = entries[e].plate();
                p.entry[j] = e;
                p.known[j] = PlateCode.knownMask(pattern);
                p.onFuzzyList[j] = rules[e].fuzzy();
                // a wildcard codes 0 and so does its class: the known characters decide
                p.code[j] = p.onFuzzyList[j] ? PlateCode.keyOf(pattern) : PlateCode.of(pattern);
            }
            return p;
        }
    }
}
