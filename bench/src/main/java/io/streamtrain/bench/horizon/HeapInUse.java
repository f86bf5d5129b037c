package io.streamtrain.bench.horizon;

/** The heap a benchmark holds at one moment, as the runtime reports it after asking for collections. */
final class HeapInUse {

    private HeapInUse() {
    }

    /** Bytes in use after two requested collections (the second collects what the first left to finalise). */
    static long afterGc() {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
