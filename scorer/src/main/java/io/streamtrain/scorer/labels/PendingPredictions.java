package io.streamtrain.scorer.labels;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Recent predictions waiting for their label, by record id: bounded in count ({@code maxPending}) and in age
 * ({@code joinWindowMillis}). Inserting beyond the bound drops the oldest prediction; one older than the join
 * window is dropped when met, and never joined. A record scored twice keeps its latest prediction (in the place of
 * the first, for dropping).
 *
 * <p>Remembering runs on the scoring thread for every prediction, so it allocates nothing and keeps no reference
 * to a short-lived object (which would make every young collection copy the last {@code maxPending} record ids):
 * predictions live in parallel primitive arrays of slots, chained oldest to newest in a doubly linked list (the
 * dropping order). A record id of up to {@value #ID_WIDTH} Latin-1 characters is copied into its slot's bytes;
 * only a longer one is kept as a reference. Slots are found by id through an open-addressing index whose entries
 * pack the id's hash with the slot number, so a probe reads one array and compares an id only when its hash
 * matches. A slot takes about 100 bytes, so the default 100,000 entries take about 10 MB; the arrays grow by
 * doubling up to {@code maxPending}.
 *
 * <p>Thread-safe: the scoring thread inserts, the label reader takes.
 */
public final class PendingPredictions {

    /**
     * One prediction awaiting its label.
     *
     * @param label the predicted class, or null for a regression model
     * @param value the predicted value, or null for a classification model
     */
    public record Pending(long modelVersion, String label, Double value, long scoredAtMillis) {
    }

    /** What became of the predictions so far. */
    public record Counts(long pending, long joined, long unmatchedLabels, long expired, long evicted) {
    }

    private static final int INITIAL_SLOTS = 1024;
    /** Longest record id copied into a slot (a UUID's 36 characters fit). */
    private static final int ID_WIDTH = 40;
    private static final int LONG_ID = -1;
    private static final int NONE = -1;

    private final int maxPending;
    private final long joinWindowMillis;
    private byte[] idBytes;
    /** The id's length, or {@link #LONG_ID} when it is in {@link #longIds}. */
    private int[] idLengths;
    private String[] longIds;
    private int[] hashes;
    private long[] versions;
    private String[] labels;
    /** NaN for a classification model (regression predictions are finite). */
    private double[] values;
    private long[] scoredAt;
    private int[] older;
    private int[] newer;
    /** The id's hash in the high half, slot number + 1 in the low half; 0 for free. At most half full. */
    private long[] index;
    private int eldest = NONE;
    private int newest = NONE;
    private int freeSlots = NONE;
    private int slotsUsed;
    private int size;
    private long newestMillis;
    private long joined;
    private long unmatched;
    private long expired;
    private long evicted;

    public PendingPredictions(int maxPending, long joinWindowMillis) {
        if (maxPending < 1 || joinWindowMillis < 1) {
            throw new IllegalArgumentException("maxPending and joinWindowMillis must be positive, were " + maxPending + " and " + joinWindowMillis);
        }
        this.maxPending = maxPending;
        this.joinWindowMillis = joinWindowMillis;
        allocate(Math.min(INITIAL_SLOTS, maxPending + 1));
    }

    /**
     * Remembers a prediction for {@code recordId}. Each new id drops at most the eldest prediction: the one beyond
     * {@code maxPending}, or one older than the join window (stale ones left behind are refused by {@link #take}).
     *
     * @param label the predicted class, or null for a regression model
     * @param label the predicted class (one of the model's class names), or null for a regression model
     * @param value the predicted value (finite), or null for a classification model
     */
    public synchronized void remember(String recordId, long modelVersion, String label, Double value, long scoredAtMillis) {
        int hash = Objects.requireNonNull(recordId, "recordId").hashCode();
        newestMillis = scoredAtMillis;
        int position = positionOf(recordId, hash);
        if (index[position] != 0) {
            fill(slotAt(position), modelVersion, label, value, scoredAtMillis);
            return;
        }
        int slot = freeSlot();
        if (slot == NONE) {
            grow();
            position = positionOf(recordId, hash);
            slot = freeSlot();
        }
        storeId(slot, recordId);
        hashes[slot] = hash;
        fill(slot, modelVersion, label, value, scoredAtMillis);
        index[position] = entry(hash, slot);
        linkNewest(slot);
        size++;
        if (size > maxPending) {
            evicted++;
            remove(eldest);
        } else if (newestMillis - scoredAt[eldest] > joinWindowMillis) {
            expired++;
            remove(eldest);
        }
    }

    /**
     * The prediction for {@code recordId} if one waits and was made at most the join window before {@code labelledAtMillis};
     * it is removed either way, so a label joins at most once.
     */
    public synchronized Optional<Pending> take(String recordId, long labelledAtMillis) {
        int position = positionOf(Objects.requireNonNull(recordId, "recordId"), recordId.hashCode());
        if (index[position] == 0) {
            unmatched++;
            return Optional.empty();
        }
        int slot = slotAt(position);
        Pending prediction = new Pending(versions[slot], labels[slot], Double.isNaN(values[slot]) ? null : values[slot], scoredAt[slot]);
        remove(slot);
        if (labelledAtMillis - prediction.scoredAtMillis() > joinWindowMillis) {
            expired++;
            return Optional.empty();
        }
        joined++;
        return Optional.of(prediction);
    }

    public synchronized Counts counts() {
        return new Counts(size, joined, unmatched, expired, evicted);
    }

    private void fill(int slot, long modelVersion, String label, Double value, long scoredAtMillis) {
        versions[slot] = modelVersion;
        labels[slot] = label;
        values[slot] = value == null ? Double.NaN : value;
        scoredAt[slot] = scoredAtMillis;
    }

    private void storeId(int slot, String recordId) {
        int length = recordId.length();
        if (length <= ID_WIDTH) {
            int offset = slot * ID_WIDTH;
            int copied = 0;
            while (copied < length && recordId.charAt(copied) <= 0xFF) {
                idBytes[offset + copied] = (byte) recordId.charAt(copied);
                copied++;
            }
            if (copied == length) {
                idLengths[slot] = length;
                return;
            }
        }
        idLengths[slot] = LONG_ID;
        longIds[slot] = recordId;
    }

    private boolean idEquals(int slot, String recordId) {
        int length = idLengths[slot];
        if (length == LONG_ID) {
            return longIds[slot].equals(recordId);
        }
        if (recordId.length() != length) {
            return false;
        }
        int offset = slot * ID_WIDTH;
        for (int i = 0; i < length; i++) {
            if ((idBytes[offset + i] & 0xFF) != recordId.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index position holding {@code recordId}, or the free position where it belongs. */
    private int positionOf(String recordId, int hash) {
        int mask = index.length - 1;
        int position = home(hash, mask);
        for (long entry = index[position]; entry != 0; entry = index[position]) {
            if ((int) (entry >>> 32) == hash && idEquals((int) entry - 1, recordId)) {
                return position;
            }
            position = (position + 1) & mask;
        }
        return position;
    }

    /** The first free index position from {@code hash}'s home. */
    private int positionOfFree(int hash) {
        int mask = index.length - 1;
        int position = home(hash, mask);
        while (index[position] != 0) {
            position = (position + 1) & mask;
        }
        return position;
    }

    /** The index position of an occupied slot. */
    private int positionOf(int slot) {
        int mask = index.length - 1;
        int position = home(hashes[slot], mask);
        while ((int) index[position] != slot + 1) {
            position = (position + 1) & mask;
        }
        return position;
    }

    private int slotAt(int position) {
        return (int) index[position] - 1;
    }

    private static long entry(int hash, int slot) {
        return ((long) hash << 32) | (slot + 1);
    }

    private static int home(int hash, int mask) {
        int spread = hash * 0x9E3779B1;
        return (spread ^ (spread >>> 16)) & mask;
    }

    private int freeSlot() {
        if (freeSlots != NONE) {
            int slot = freeSlots;
            freeSlots = newer[slot];
            return slot;
        }
        return slotsUsed < hashes.length ? slotsUsed++ : NONE;
    }

    private void linkNewest(int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            eldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
    }

    private void remove(int slot) {
        unindex(positionOf(slot));
        if (older[slot] == NONE) {
            eldest = newer[slot];
        } else {
            newer[older[slot]] = newer[slot];
        }
        if (newer[slot] == NONE) {
            newest = older[slot];
        } else {
            older[newer[slot]] = older[slot];
        }
        longIds[slot] = null;
        labels[slot] = null;
        newer[slot] = freeSlots;
        freeSlots = slot;
        size--;
    }

    /** Empties an index position, moving later entries of its probe run back so that every entry stays findable. */
    private void unindex(int position) {
        int mask = index.length - 1;
        int hole = position;
        for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int home = home((int) (index[next] >>> 32), mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
    }

    /** Doubles the slots (up to one more than {@code maxPending}, the most held between an insertion and its drop). */
    private void grow() {
        int slots = (int) Math.min((long) hashes.length * 2, maxPending + 1L);
        idBytes = Arrays.copyOf(idBytes, slots * ID_WIDTH);
        idLengths = Arrays.copyOf(idLengths, slots);
        longIds = Arrays.copyOf(longIds, slots);
        hashes = Arrays.copyOf(hashes, slots);
        versions = Arrays.copyOf(versions, slots);
        labels = Arrays.copyOf(labels, slots);
        values = Arrays.copyOf(values, slots);
        scoredAt = Arrays.copyOf(scoredAt, slots);
        older = Arrays.copyOf(older, slots);
        newer = Arrays.copyOf(newer, slots);
        index = new long[Integer.highestOneBit(slots * 2 - 1) << 1];
        for (int slot = eldest; slot != NONE; slot = newer[slot]) {
            index[positionOfFree(hashes[slot])] = entry(hashes[slot], slot);
        }
    }

    private void allocate(int slots) {
        idBytes = new byte[slots * ID_WIDTH];
        idLengths = new int[slots];
        longIds = new String[slots];
        hashes = new int[slots];
        versions = new long[slots];
        labels = new String[slots];
        values = new double[slots];
        scoredAt = new long[slots];
        older = new int[slots];
        newer = new int[slots];
        index = new long[Integer.highestOneBit(slots * 2 - 1) << 1];
    }
}
