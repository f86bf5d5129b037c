package io.streamtrain.trainer.horizon;

import java.util.Arrays;

/**
 * The {@code capacity} smallest (key, position) pairs offered, ordered by key and then by position: a bounded max-heap
 * in two primitive arrays, so choosing k of n rows takes O(n log k) time and O(k) memory instead of keying and sorting
 * all n.
 */
final class SmallestKeys {

    private final long[] keys;
    private final long[] positions;
    private int size;

    SmallestKeys(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.keys = new long[capacity];
        this.positions = new long[capacity];
    }

    /** Keeps the pair if it is among the {@code capacity} smallest so far. */
    void offer(long key, long position) {
        if (size < keys.length) {
            keys[size] = key;
            positions[size] = position;
            siftUp(size++);
        } else if (size > 0 && before(key, position, keys[0], positions[0])) {
            keys[0] = key;
            positions[0] = position;
            siftDown(0);
        }
    }

    /** The positions kept, ascending. */
    long[] positions() {
        long[] kept = Arrays.copyOf(positions, size);
        Arrays.sort(kept);
        return kept;
    }

    private static boolean before(long key, long position, long otherKey, long otherPosition) {
        return key < otherKey || (key == otherKey && position < otherPosition);
    }

    /** Restores the max-heap order upwards from slot {@code i}. */
    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(keys[parent], positions[parent], keys[i], positions[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Restores the max-heap order downwards from slot {@code i}. */
    private void siftDown(int i) {
        while (true) {
            int largest = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (before(keys[largest], positions[largest], keys[child], positions[child])) {
                    largest = child;
                }
            }
            if (largest == i) {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int a, int b) {
        long key = keys[a];
        keys[a] = keys[b];
        keys[b] = key;
        long position = positions[a];
        positions[a] = positions[b];
        positions[b] = position;
    }
}
