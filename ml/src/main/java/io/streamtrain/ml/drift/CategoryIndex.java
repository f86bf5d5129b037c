package io.streamtrain.ml.drift;

import java.util.List;

/**
 * The position of a category name in a fixed list, found without hashing the whole name: live category values are
 * fresh strings whose hash is not cached yet, so the table is keyed by length and first and last character, and
 * a probe ends with one {@link String#equals}. Open addressing with linear probing in a table at most a quarter
 * full. Immutable and thread-safe.
 */
final class CategoryIndex {

    private final String[] keys;
    private final int[] positions;
    private final int mask;

    /** @param names distinct category names; position {@code i} is {@code names.get(i)}'s */
    CategoryIndex(List<String> names) {
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
        this.keys = new String[size];
        this.positions = new int[size];
        this.mask = size - 1;
        for (int i = 0; i < names.size(); i++) {
            int slot = slotOf(names.get(i));
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = names.get(i);
            positions[slot] = i;
        }
    }

    /** The position of {@code name}, or -1 when it is not listed. */
    int positionOf(String name) {
        for (int slot = slotOf(name); keys[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot].equals(name)) {
                return positions[slot];
            }
        }
        return -1;
    }

    private int slotOf(String name) {
        int length = name.length();
        int cheap = length == 0 ? 0 : length * 0x9E3779B1 + name.charAt(0) * 31 + name.charAt(length - 1);
        return (cheap ^ (cheap >>> 16)) & mask;
    }
}
