package io.streamtrain.bench.chaos;

import java.util.Locale;

/**
 * Something done to, or seen of, one process of the run.
 *
 * @param atSecond seconds since the load started
 * @param process  the process's name
 * @param what     what happened
 */
record ChaosEvent(double atSecond, String process, String what) {

    boolean isKill() {
        return what.startsWith("SIGKILL");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%6.1f s  %-11s %s", atSecond, process, what);
    }
}
