package io.streamtrain.launcher.produce;

import java.util.Locale;

/** Renders one progress line: a bar over the file's bytes, records sent and acknowledged, and the send rate. */
final class ProgressLine {

    private static final int WIDTH = 30;

    private ProgressLine() {
    }

    /**
     * @param fraction     share of the file read, 0 to 1
     * @param elapsedNanos time since sending started
     */
    static String render(double fraction, long sent, long acknowledged, long failed, long elapsedNanos) {
        double bounded = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(bounded * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? acknowledged / seconds : 0;
        return String.format(Locale.ROOT, "[%s%s] %3d%% | %,d records sent, %,d acknowledged%s | %,.0f records/s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(bounded * 100), sent, acknowledged,
                failed > 0 ? ", " + failed + " FAILED" : "", rate);
    }
}
