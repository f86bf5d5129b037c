package io.streamtrain.ml.train;

import java.nio.charset.StandardCharsets;

/**
 * A stable hash of a record id: 64-bit FNV-1a over the id's UTF-8 bytes, then MurmurHash3's 64-bit finalizer.
 * FNV-1a alone leaves the high bits nearly unchanged between ids that differ in their last character
 * ({@code order-17}, {@code order-18}); the finalizer spreads every input bit over the whole word. Defined
 * only by the bytes, so it is the same on every JVM, run and machine. The train/test split and the canary share of a
 * trial (scorer) both place ids with it.
 */
public final class RecordIdHash {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RecordIdHash() {
    }

    /** The id's position in [0, 1), uniform over ids. */
    public static double unitInterval(String recordId) {
        return (hash(recordId) >>> 11) * 0x1.0p-53;
    }

    static long hash(String recordId) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : recordId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return fmix64(hash);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
