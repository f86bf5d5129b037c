package io.streamtrain.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.RuntimeVersions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model quality against scikit-learn's defaults on real public data sets, in one run: Weka's examples (credit-g,
 * diabetes, ionosphere, vote, segment, glass, soybean, breast-cancer; cpu for regression) and scikit-learn's bundled
 * diabetes regression set, each split once 75/25 with a fixed seed.
 *
 * <p>scikit-learn's side ({@code bench/python/quality_reference.py}) reads the sets, draws the split, writes each table
 * and fits {@code LogisticRegression}, {@code RandomForestClassifier}, {@code HistGradientBoostingClassifier},
 * {@code Ridge}, {@code RandomForestRegressor} and {@code HistGradientBoostingRegressor} with their defaults on the
 * train rows. streamtrain's side ({@link StreamtrainFit}) trains each algorithm of the task with the pipeline defaults
 * on every train row as one window and scores the test rows with the published model as the scorer does.
 *
 * <p>This is the direct-fit comparison: the trainer's and scorer's code, not their topics. The arguments are pipeline
 * settings applied to every streamtrain fit ({@code key=value}), after the benchmark's own {@code train.refit=true}
 * (the published model learns from every train row, as a notebook's would).
 *
 * <p>Run with {@code mvn -B -q -Pquality-benchmark -pl bench -am package -DskipTests}; needs Debian's python3-sklearn
 * and apt-get (or {@code -Dbench.weka.dir}).
 */
public final class QualityBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 42;
    private static final double TEST_FRACTION = 0.25;

    /** Each streamtrain algorithm per task and the scikit-learn estimator it is compared with. */
    private static final Map<Task, Map<String, String>> COUNTERPARTS = Map.of(
            Task.CLASSIFICATION, ordered(Algorithms.LOGISTIC_REGRESSION, "LogisticRegression", Algorithms.RANDOM_FOREST, "RandomForestClassifier",
                    Algorithms.GRADIENT_BOOSTED_TREES, "HistGradientBoostingClassifier"),
            Task.REGRESSION, ordered(Algorithms.LINEAR_REGRESSION, "Ridge", Algorithms.RANDOM_FOREST, "RandomForestRegressor",
                    Algorithms.GRADIENT_BOOSTED_TREES, "HistGradientBoostingRegressor"));

    /** One algorithm on one data set: streamtrain's fit and scikit-learn's. */
    private record Row(DataSet data, String algorithm, StreamtrainFit.Result ours, ReferenceResult theirs) {

        /** streamtrain's accuracy (classification) or R² (regression) minus scikit-learn's: positive is better. */
        double gap() {
            return data.task() == Task.CLASSIFICATION ? ours.accuracy() - theirs.accuracy() : ours.r2() - theirs.r2();
        }
    }

    private QualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(PipelineConfig.TRAIN_REFIT_CONFIG, "true");
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("arguments are pipeline settings key=value, got " + arg);
            }
            overrides.put(pair[0], pair[1]);
        }
        Path directory = Files.createTempDirectory("streamtrain-quality-bench");
        Path weka = WekaExamples.folder(directory);
        StreamtrainFit streamtrain = new StreamtrainFit(directory);
        List<Row> rows = new ArrayList<>();
        MachineLoad before = MachineLoad.now();
        Process python = startReference(weka, directory);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode node = JSON.readTree(line);
                if (node.path("done").asBoolean()) {
                    break;
                }
                DataSet data = DataSet.read(node);
                for (Map.Entry<String, String> pair : COUNTERPARTS.get(data.task()).entrySet()) {
                    rows.add(new Row(data, pair.getKey(), streamtrain.fit(data, pair.getKey(), overrides), data.reference(pair.getValue())));
                }
                System.err.printf(Locale.ROOT, "%s done%n", data.name());
            }
        }
        if (python.waitFor() != 0 || rows.isEmpty()) {
            throw new IllegalStateException("quality_reference.py failed (exit " + python.exitValue() + "); it needs Debian's python3-sklearn, "
                    + "or -Dbench.python=<a python3 with numpy and scikit-learn>");
        }
        print(rows, overrides, MachineLoad.now().otherProcessesShareSince(before));
    }

    private static Process startReference(Path weka, Path directory) throws java.io.IOException {
        Path scripts = Path.of(System.getProperty("bench.python.dir", "python"));
        if (!Files.isRegularFile(scripts.resolve("quality_reference.py"))) {
            throw new IllegalStateException("quality_reference.py is not in " + scripts.toAbsolutePath() + "; set -Dbench.python.dir=<bench/python>");
        }
        return new ProcessBuilder(System.getProperty("bench.python", "/usr/bin/python3"), "-W", "ignore",
                scripts.resolve("quality_reference.py").toString(), weka.toString(), directory.toString(), Long.toString(SEED),
                Double.toString(TEST_FRACTION))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static void print(List<Row> rows, Map<String, String> overrides, double otherProcesses) {
        System.out.printf(Locale.ROOT, "%nModel quality against scikit-learn's defaults, 75/25 split seed %d (JDK %s, %d cores, Smile %s)%n",
                SEED, Runtime.version(), Runtime.getRuntime().availableProcessors(), RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "streamtrain settings besides the defaults: %s%n", overrides);
        System.out.printf(Locale.ROOT, "Processes other than the benchmark JVM (its scikit-learn subprocess included) used %.0f%% of the machine's CPU%n%n", 100 * otherProcesses);
        System.out.println("| data set | train / test rows | algorithm | streamtrain | scikit-learn | gap | streamtrain fit s | scikit-learn fit s |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d / %d | %s vs %s | %s | %s | %+.3f | %.2f | %.2f |%n", row.data().name(),
                    row.data().train().size(), row.data().test().size(), row.algorithm(), row.theirs().estimator(),
                    metric(row.data().task(), row.ours().accuracy(), row.ours().r2(), row.ours().rmse()),
                    metric(row.data().task(), row.theirs().accuracy(), row.theirs().r2(), row.theirs().rmse()), row.gap(),
                    row.ours().seconds(), row.theirs().seconds());
        }
        System.out.println();
        System.out.println("| task | algorithm | data sets | mean gap | worst gap (data set) |");
        System.out.println("|---|---|---:|---:|---|");
        for (Task task : Task.values()) {
            if (!COUNTERPARTS.containsKey(task)) {
                continue;
            }
            for (String algorithm : COUNTERPARTS.get(task).keySet()) {
                List<Row> own = rows.stream().filter(row -> row.data().task() == task && row.algorithm().equals(algorithm)).toList();
                if (own.isEmpty()) {
                    continue;
                }
                Row worst = own.stream().min(java.util.Comparator.comparingDouble(Row::gap)).orElseThrow();
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %+.4f | %+.3f (%s) |%n", task.name().toLowerCase(), algorithm, own.size(),
                        own.stream().mapToDouble(Row::gap).average().orElseThrow(), worst.gap(), worst.data().name());
            }
        }
        System.out.println("\nGap: streamtrain's accuracy (classification) or R² (regression) minus scikit-learn's; positive is better.");
    }

    private static String metric(Task task, double accuracy, double r2, double rmse) {
        return task == Task.CLASSIFICATION ? String.format(Locale.ROOT, "%.3f", accuracy)
                : String.format(Locale.ROOT, "R² %.3f, RMSE %.3g", r2, rmse);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
