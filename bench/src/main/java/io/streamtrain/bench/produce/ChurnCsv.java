package io.streamtrain.bench.produce;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Writes a CSV file of demo churn records (the demo's input schema), with a fixed seed. */
final class ChurnCsv {

    private static final String[] REGIONS = {"north", "south", "east", "west"};
    private static final long START = 1_767_571_200_000L;

    private ChurnCsv() {
    }

    static void write(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,eventTime,tenureMonths,monthlySpend,supportCalls,usageHours,premium,region,label\n");
            for (int i = 0; i < rows; i++) {
                int tenure = random.nextInt(1, 72);
                double spend = 20 + random.nextDouble() * 100;
                int calls = random.nextInt(0, 10);
                double usage = random.nextDouble() * 40;
                boolean premium = random.nextBoolean();
                boolean churn = calls * 8 + spend / 4 - tenure / 2.0 - usage + random.nextDouble() * 10 > 25;
                out.write(String.format(Locale.ROOT, "c-%d,%d,%d,%.2f,%d,%.1f,%b,%s,%s%n", i, START + i * 10L, tenure, spend, calls,
                        usage, premium, REGIONS[random.nextInt(REGIONS.length)], churn ? "churn" : "stay"));
            }
        }
    }
}
