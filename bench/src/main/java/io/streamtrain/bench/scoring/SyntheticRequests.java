package io.streamtrain.bench.scoring;

import io.streamtrain.bench.fit.SyntheticTable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Single-record score requests of the fit benchmark's 30-feature schema: plain JSON objects
 * {@code {"id":"q<n>","f0":...,"f29":...}} with ten decimals per feature, about 600 bytes each. The features cycle
 * through the rows of a {@link SyntheticTable}; every request has its own id. Not thread-safe.
 */
final class SyntheticRequests implements RequestSource {

    private final String[] bodies;
    private long next;

    /** Requests cycling through {@code table}'s rows. */
    SyntheticRequests(SyntheticTable table) {
        this.bodies = new String[table.rows()];
        for (int row = 0; row < table.rows(); row++) {
            StringBuilder body = new StringBuilder();
            double[] values = table.values()[row];
            for (int j = 0; j < values.length; j++) {
                body.append(",\"f").append(j).append("\":").append(String.format(Locale.ROOT, "%.10f", values[j]));
            }
            bodies[row] = body.append('}').toString();
        }
    }

    @Override
    public int recordsPerRequest() {
        return 1;
    }

    @Override
    public String nextId() {
        return "q" + next;
    }

    @Override
    public byte[] nextValue() {
        String value = "{\"id\":\"" + nextId() + "\"" + bodies[(int) (next % bodies.length)];
        next++;
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
