package io.streamtrain.bench.horizon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Weka's example data sets (UCI tables in ARFF), fetched from Debian's {@code weka} package the first time and never
 * committed: {@code apt-get download weka} and {@code dpkg -x} into a cache folder ({@code -Dbench.weka.dir},
 * default {@code target/weka}). Reads the numeric-feature tables whose last attribute is the nominal class.
 */
final class WekaArff {

    private static final String EXAMPLES = "usr/share/doc/weka/examples";

    /** One labelled row: its class and its features in the file's attribute order ({@code NaN} where missing). */
    record Row(String label, double[] features) {

        Row {
            Objects.requireNonNull(label, "label");
            features = features.clone();
        }

        @Override
        public double[] features() {
            return features.clone();
        }
    }

    /** A table: the feature names as the file spells them, the class attribute's name, and the rows in file order. */
    record Table(List<String> features, String labelName, List<Row> rows) {

        Table {
            features = List.copyOf(features);
            rows = List.copyOf(rows);
        }
    }

    private final Path examples;

    private WekaArff(Path examples) {
        this.examples = examples;
    }

    /** The examples folder, unpacked from Debian's package into the cache folder unless it is there already. */
    static WekaArff fetch() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("bench.weka.dir", "target/weka")).toAbsolutePath();
        Path examples = cache.resolve(EXAMPLES);
        if (!Files.isDirectory(examples)) {
            Files.createDirectories(cache);
            run(cache, "apt-get", "download", "weka");
            Path deb;
            try (Stream<Path> files = Files.list(cache)) {
                deb = files.filter(file -> file.getFileName().toString().matches("weka_.*\\.deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download weka left no weka_*.deb in " + cache));
            }
            run(cache, "dpkg", "-x", deb.toString(), cache.toString());
        }
        return new WekaArff(examples);
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroy();
            throw new IOException(String.join(" ", command) + " failed; the benchmark needs Debian's apt-get and dpkg to fetch Weka's data sets");
        }
    }

    /** The table of {@code name} (for example {@code diabetes}), from {@code <name>.arff}. */
    Table read(String name) {
        Path file = examples.resolve(name + ".arff");
        List<String> attributes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        boolean data = false;
        String classAttribute = null;
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("%")) {
                    continue;
                }
                String lower = line.toLowerCase(Locale.ROOT);
                if (data) {
                    rows.add(row(line, attributes.size()));
                } else if (lower.startsWith("@attribute")) {
                    String rest = line.substring("@attribute".length()).strip();
                    String[] nameAndType = rest.split("\\s+", 2);
                    String attribute = unquote(nameAndType[0]);
                    String type = nameAndType.length < 2 ? "" : nameAndType[1].strip();
                    if (classAttribute != null) {
                        throw new IllegalArgumentException(file + ": the class attribute " + classAttribute + " is not the last one");
                    }
                    if (type.startsWith("{")) {
                        classAttribute = attribute;
                    } else if (type.equalsIgnoreCase("numeric") || type.equalsIgnoreCase("real") || type.equalsIgnoreCase("integer")) {
                        attributes.add(attribute);
                    } else {
                        throw new IllegalArgumentException(file + ": attribute " + attribute + " is " + type + "; only numeric features are read");
                    }
                } else if (lower.startsWith("@data")) {
                    data = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classAttribute == null) {
            throw new IllegalArgumentException(file + " has no nominal class attribute");
        }
        return new Table(attributes, classAttribute, rows);
    }

    private static Row row(String line, int features) {
        String[] values = line.split(",");
        if (values.length != features + 1) {
            throw new IllegalArgumentException("a data line has " + values.length + " values, not " + (features + 1) + ": " + line);
        }
        double[] numbers = new double[features];
        for (int i = 0; i < features; i++) {
            String value = values[i].strip();
            numbers[i] = value.equals("?") ? Double.NaN : Double.parseDouble(value);
        }
        return new Row(unquote(values[features].strip()), numbers);
    }

    private static String unquote(String text) {
        return text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))
                ? text.substring(1, text.length() - 1) : text;
    }
}
