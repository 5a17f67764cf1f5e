package org.openanpr.hotlist;

/**
 * An immutable multimap from plate codes to entry numbers: open addressing with linear probing over a primitive
 * array, so that a lookup that finds nothing (most reads) costs one hash and, usually, one cache line. A key held by
 * one entry stores the entry number in its slot; a key held by several points into {@code groups}, where a count is
 * followed by the entry numbers.
 */
final class KeyTable {

    /** What {@link #find} returns for a key that is not in the table. */
    static final int NONE = Integer.MIN_VALUE;
    private static final long EMPTY = 0;
    private static final int MAX_CAPACITY = 1 << 30;

    private final long[] keys;
    /** Per slot: the entry number when {@code >= 0}, else {@code ~offset} into {@link #groups}. */
    private final int[] values;
    private final int[] groups;
    private final int shift;
    private final int mask;

    /** Calls {@code sink} with each (key, entry) pair; called three times while building, with the same pairs. */
    interface Pairs {
        void forEach(Sink sink);
    }

    interface Sink {
        void add(long key, int entry);
    }

    private KeyTable(long[] keys, int[] values, int[] groups) {
        this.keys = keys;
        this.values = values;
        this.groups = groups;
        this.shift = shift(keys.length);
        this.mask = keys.length - 1;
    }

    /** Keys must not be 0 and a pair must not repeat. */
    static KeyTable build(Pairs pairs) {
        long[] count = new long[1];
        pairs.forEach((key, entry) -> count[0]++);
        // load factor at most 3/4 for the pairs, lower as entries share keys: probes stay short
        long wanted = Math.max(16, count[0] + count[0] / 3 + 1);
        if (wanted > MAX_CAPACITY) {
            throw new IllegalArgumentException("too many plates for one index: " + count[0] + " keys");
        }
        int capacity = Integer.highestOneBit((int) wanted - 1) << 1;
        long[] keys = new long[capacity];
        int[] values = new int[capacity];
        // first the number of entries per key, then room for the keys held by several
        pairs.forEach((key, entry) -> values[insert(keys, key)]++);
        int grouped = 0;
        for (int slot = 0; slot < capacity; slot++) {
            if (values[slot] > 1) {
                grouped += values[slot] + 1;
            }
        }
        int[] groups = new int[grouped];
        int next = 0;
        for (int slot = 0; slot < capacity; slot++) {
            int entries = values[slot];
            if (entries == 1) {
                values[slot] = NONE;
            } else if (entries > 1) {
                values[slot] = ~next;
                next += entries + 1;
            }
        }
        pairs.forEach((key, entry) -> {
            int slot = insert(keys, key);
            if (values[slot] == NONE) {
                values[slot] = entry;
            } else {
                int offset = ~values[slot];
                groups[offset + 1 + groups[offset]++] = entry;
            }
        });
        return new KeyTable(keys, values, groups);
    }

    /** A handle for {@link #count} and {@link #entry}, or {@link #NONE}. */
    int find(long key) {
        for (int slot = slotOf(key); ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                return NONE;
            }
        }
    }

    int count(int handle) {
        return handle >= 0 ? 1 : groups[~handle];
    }

    int entry(int handle, int index) {
        return handle >= 0 ? handle : groups[~handle + 1 + index];
    }

    private int slotOf(long key) {
        return slotOf(key, shift);
    }

    private static int slotOf(long key, int shift) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private static int shift(int capacity) {
        return Long.SIZE - Integer.numberOfTrailingZeros(capacity);
    }

    /** The slot of {@code key}, claimed for it if it was not there. */
    private static int insert(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = slotOf(key, shift(keys.length));
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        return slot;
    }
}
