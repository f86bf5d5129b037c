package io.streamtrain.bench.fit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A reproducible table of {@code rows} x {@code features} numeric features with a class label and a numeric target,
 * the data both sides of the fit-time comparison train on.
 *
 * <p>Feature {@code j} is a standard normal value shared partly with its neighbour (correlated columns), then put on
 * a scale of {@code 10^(j % 4 - 1)} around an offset, so standardisation matters as it does on real data. The class
 * label is {@code yes} when a linear score of the standardised features plus one interaction plus normal noise is
 * positive (a linear model reaches about 0.80 accuracy); the target is the same linear score
 * plus a sine of one feature plus noise. Records are named {@code r<row>}, the ids the trainer's hash split reads.
 *
 * @param ids     record ids
 * @param values  {@code values[row][feature]}
 * @param labels  {@code yes} or {@code no}
 * @param targets regression targets
 */
public record SyntheticTable(String[] ids, double[][] values, String[] labels, double[] targets) {

    public SyntheticTable {
        if (ids.length != values.length || ids.length != labels.length || ids.length != targets.length || ids.length == 0) {
            throw new IllegalArgumentException("ids, values, labels and targets need the same positive length");
        }
    }

    /** The same {@code seed} gives the same table. */
    public static SyntheticTable generate(int rows, int features, long seed) {
        if (features < 3) {
            throw new IllegalArgumentException("need at least 3 features, was " + features);
        }
        Random random = new Random(seed);
        double[] weights = new double[features];
        for (int j = 0; j < features; j++) {
            weights[j] = random.nextGaussian() * (j % 3 == 2 ? 0.1 : 1.0);
        }
        String[] ids = new String[rows];
        double[][] values = new double[rows][features];
        String[] labels = new String[rows];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double[] standard = new double[features];
            double previous = random.nextGaussian();
            double score = 0;
            for (int j = 0; j < features; j++) {
                standard[j] = 0.6 * random.nextGaussian() + 0.8 * previous;
                previous = standard[j];
                score += weights[j] * standard[j] / Math.sqrt(features / 4.0);
                values[row][j] = standard[j] * Math.pow(10, j % 4 - 1) + j;
            }
            ids[row] = "r" + row;
            labels[row] = score + 0.8 * standard[0] * standard[1] + random.nextGaussian() * 0.5 > 0 ? "yes" : "no";
            targets[row] = score + 2 * Math.sin(standard[2]) + random.nextGaussian() * 0.5;
        }
        return new SyntheticTable(ids, values, labels, targets);
    }

    public int rows() {
        return ids.length;
    }

    public int features() {
        return values[0].length;
    }

    /** Writes {@code id,f0,...,f<n-1>,label,target} with a header line, for the scikit-learn side. */
    public void writeCsv(Path path) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("id");
            for (int j = 0; j < features(); j++) {
                header.append(",f").append(j);
            }
            out.write(header.append(",label,target\n").toString());
            for (int row = 0; row < rows(); row++) {
                StringBuilder line = new StringBuilder(ids[row]);
                for (double value : values[row]) {
                    line.append(',').append(value);
                }
                out.write(line.append(',').append(labels[row]).append(',').append(targets[row]).append('\n').toString());
            }
        }
    }
}
