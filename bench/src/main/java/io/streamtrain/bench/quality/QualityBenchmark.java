package io.streamtrain.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.model.RuntimeVersions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Model quality against scikit-learn's defaults on real public data sets, in one run: Weka's examples (credit-g,
 * diabetes, ionosphere, vote, segment, glass, soybean, breast-cancer; cpu for regression) and scikit-learn's bundled
 * diabetes regression set, each split 75/25 {@code -Dbench.quality.splits} times (default 5; split s with seed 42 + s),
 * both sides on the same splits. One split's test set of 50–300 rows moves accuracy by a point or more from split to
 * split, so the tables report each set's mean over the splits and the spread of its gap. A forest's accuracy also moves
 * by a point or more with its model seed alone: {@code -Dbench.quality.model.seeds=N} averages each split's forests (and
 * streamtrain's boosting, which subsamples) over N model seeds on both sides, 42 to 41 + N.
 *
 * <p>scikit-learn's side ({@code bench/python/quality_reference.py}) reads the sets, draws the split, writes each table
 * and fits {@code LogisticRegression}, {@code RandomForestClassifier}, {@code HistGradientBoostingClassifier},
 * {@code Ridge}, {@code RandomForestRegressor} and {@code HistGradientBoostingRegressor} with their defaults on the
 * train rows. streamtrain's side ({@link StreamtrainFit}) trains each algorithm of the task with the pipeline defaults
 * on every train row as one window and scores the test rows with the published model as the scorer does.
 *
 * <p>By default this is the direct-fit comparison: the trainer's and scorer's code, not their topics. With
 * {@code -Dbench.quality.path=topics} every fit goes through the whole pipeline instead ({@link PipelineFit}:
 * {@code streamtrain produce}, the embedded broker, streams-app, trainer, and the scorer over its topics). The arguments name variants
 * of streamtrain's settings, each measured on the same rows in the same run: {@code defaults;model.tuning=grid} compares
 * the defaults and the hyperparameter search.
 *
 * <p>Run with {@code mvn -B -q -Pquality-benchmark -pl bench -am package -DskipTests}; needs Debian's python3-sklearn
 * and apt-get (or {@code -Dbench.weka.dir}).
 */
public final class QualityBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 42;
    private static final int SPLITS = Integer.getInteger("bench.quality.splits", 5);
    private static final double TEST_FRACTION = 0.25;
    /** The algorithms compared, {@code -Dbench.quality.algorithms} (comma-separated), every one when empty. */
    private static final Predicate<String> ONLY_ALGORITHMS = only(System.getProperty("bench.quality.algorithms", ""));
    /** Model seeds each fit that draws random numbers is averaged over, on both sides (direct fit only). */
    private static final int MODEL_SEEDS = Integer.getInteger("bench.quality.model.seeds", 1);
    /** streamtrain's algorithms whose fit draws random numbers: the forest (bootstrap, columns) and boosting (subsample). */
    private static final Set<String> SEEDED = Set.of(Algorithms.RANDOM_FOREST, Algorithms.GRADIENT_BOOSTED_TREES);

    /** Each streamtrain algorithm per task and the scikit-learn estimator it is compared with. */
    private static final Map<Task, Map<String, String>> COUNTERPARTS = Map.of(
            Task.CLASSIFICATION, ordered(Algorithms.LOGISTIC_REGRESSION, "LogisticRegression", Algorithms.RANDOM_FOREST, "RandomForestClassifier",
                    Algorithms.GRADIENT_BOOSTED_TREES, "HistGradientBoostingClassifier"),
            Task.REGRESSION, ordered(Algorithms.LINEAR_REGRESSION, "Ridge", Algorithms.RANDOM_FOREST, "RandomForestRegressor",
                    Algorithms.GRADIENT_BOOSTED_TREES, "HistGradientBoostingRegressor"));

    /** One algorithm on one data set: scikit-learn's fit and streamtrain's under each variant. */
    private record Row(DataSet data, int split, String algorithm, ReferenceResult theirs, List<StreamtrainFit.Result> ours) {

        /** streamtrain's accuracy (classification) or R² (regression) under {@code variant} minus scikit-learn's: positive is better. */
        double gap(int variant) {
            StreamtrainFit.Result result = ours.get(variant);
            return data.task() == Task.CLASSIFICATION ? result.accuracy() - theirs.accuracy() : result.r2() - theirs.r2();
        }
    }

    private QualityBenchmark() {
    }

    /**
     * @param args variants of streamtrain's settings, separated by {@code ;}: each a comma-separated list of
     *             {@code key=value} pipeline settings, or {@code defaults}; none runs the defaults alone
     */
    public static void main(String[] args) throws Exception {
        List<Map<String, String>> variants = variants(String.join(" ", args));
        Path directory = Files.createTempDirectory("streamtrain-quality-bench");
        Path weka = WekaExamples.folder(directory);
        StreamtrainFit streamtrain = new StreamtrainFit(directory);
        boolean throughTopics = System.getProperty("bench.quality.path", "direct").equals("topics");
        if (throughTopics && MODEL_SEEDS != 1) {
            throw new IllegalArgumentException("-Dbench.quality.model.seeds applies to the direct fit; over topics each split trains once");
        }
        PipelineFit pipelines = new PipelineFit(directory);
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
                int split = node.path("split").asInt();
                List<String> algorithms = COUNTERPARTS.get(data.task()).keySet().stream().filter(ONLY_ALGORITHMS).toList();
                List<Map<String, StreamtrainFit.Result>> byVariant = new ArrayList<>();
                for (int v = 0; v < variants.size(); v++) {
                    Map<String, StreamtrainFit.Result> results = new LinkedHashMap<>();
                    if (throughTopics) {
                        // One deployment per split: its pipelines and topics are named after the set and the split.
                        results.putAll(pipelines.fit(split == 0 ? data : data.named(data.name() + "-" + split), algorithms, variants.get(v), v + 1));
                    } else {
                        for (String algorithm : algorithms) {
                            results.put(algorithm, streamtrain.fit(data, algorithm, variants.get(v), SEEDED.contains(algorithm) ? MODEL_SEEDS : 1));
                        }
                    }
                    byVariant.add(results);
                }
                for (String algorithm : algorithms) {
                    List<StreamtrainFit.Result> ours = byVariant.stream().map(results -> results.get(algorithm)).toList();
                    rows.add(new Row(data, split, algorithm, data.reference(COUNTERPARTS.get(data.task()).get(algorithm)), ours));
                }
                System.err.printf(Locale.ROOT, "%s split %d done%n", data.name(), split);
            }
        }
        if (python.waitFor() != 0 || rows.isEmpty()) {
            throw new IllegalStateException("quality_reference.py failed (exit " + python.exitValue() + "); it needs Debian's python3-sklearn, "
                    + "or -Dbench.python=<a python3 with numpy and scikit-learn>");
        }
        print(rows, variants, MachineLoad.now().otherProcessesShareSince(before), throughTopics);
    }

    private static Predicate<String> only(String algorithms) {
        Set<String> named = Arrays.stream(algorithms.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        return algorithm -> named.isEmpty() || named.contains(algorithm);
    }

    /** Each variant's settings over the pipeline's defaults. */
    private static List<Map<String, String>> variants(String spec) {
        List<Map<String, String>> variants = new ArrayList<>();
        for (String variant : (spec.isBlank() ? "defaults" : spec).split(";")) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String pair : variant.trim().split("\\s*,\\s*(?=[a-z.-]+=)")) {
                if (pair.isBlank() || pair.equals("defaults")) {
                    continue;
                }
                String[] keyValue = pair.split("=", 2);
                if (keyValue.length != 2) {
                    throw new IllegalArgumentException("a variant is key=value settings separated by commas, or defaults; got " + pair);
                }
                settings.put(keyValue[0].trim(), keyValue[1].trim());
            }
            variants.add(settings);
        }
        return variants;
    }

    private static Process startReference(Path weka, Path directory) throws java.io.IOException {
        Path scripts = Path.of(System.getProperty("bench.python.dir", "python"));
        if (!Files.isRegularFile(scripts.resolve("quality_reference.py"))) {
            throw new IllegalStateException("quality_reference.py is not in " + scripts.toAbsolutePath() + "; set -Dbench.python.dir=<bench/python>");
        }
        ProcessBuilder reference = new ProcessBuilder(System.getProperty("bench.python", "/usr/bin/python3"), "-W", "ignore",
                scripts.resolve("quality_reference.py").toString(), weka.toString(), directory.toString(), Long.toString(SEED),
                Double.toString(TEST_FRACTION), System.getProperty("bench.quality.sets", ""), Integer.toString(SPLITS), Integer.toString(MODEL_SEEDS))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // The histogram boosters' OpenMP threads spin on a shared, oversubscribed machine (fits of minutes instead of
        // seconds); one thread each gives the same models in comparable time, as streamtrain's fits run one at a time.
        reference.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        return reference.start();
    }

    /** One algorithm on one data set over every split. */
    private record Group(List<Row> splits) {

        Row first() {
            return splits.getFirst();
        }

        double theirs(ToDoubleFunction<ReferenceResult> metric) {
            return splits.stream().mapToDouble(row -> metric.applyAsDouble(row.theirs())).average().orElseThrow();
        }

        double ours(int variant, ToDoubleFunction<StreamtrainFit.Result> metric) {
            return splits.stream().mapToDouble(row -> metric.applyAsDouble(row.ours().get(variant))).average().orElseThrow();
        }

        double meanGap(int variant) {
            return splits.stream().mapToDouble(row -> row.gap(variant)).average().orElseThrow();
        }

        /** The sample standard deviation of the gap over the splits; 0 for one split. */
        double gapSpread(int variant) {
            double mean = meanGap(variant);
            return splits.size() < 2 ? 0 : Math.sqrt(splits.stream().mapToDouble(row -> Math.pow(row.gap(variant) - mean, 2)).sum() / (splits.size() - 1));
        }

        double worstGap(int variant) {
            return splits.stream().mapToDouble(row -> row.gap(variant)).min().orElseThrow();
        }
    }

    private static void print(List<Row> rows, List<Map<String, String>> variants, double otherProcesses, boolean throughTopics) {
        System.out.printf(Locale.ROOT, "%nModel quality against scikit-learn's defaults, mean of %d seeded 75/25 splits (seeds %d..%d)%s, %s (JDK %s, %d cores, Smile %s)%n",
                SPLITS, SEED, SEED + SPLITS - 1, MODEL_SEEDS == 1 ? "" : String.format(Locale.ROOT,
                        ", forests (and streamtrain's boosting) the mean of %d model seeds per split", MODEL_SEEDS), throughTopics ? "through the whole pipeline over topics (fit s: from the first record sent to the model's creation)"
                        : "direct fit", Runtime.version(), Runtime.getRuntime().availableProcessors(), RuntimeVersions.smile());
        System.out.printf(Locale.ROOT, "Processes other than the benchmark JVM (its scikit-learn subprocess included) used %.0f%% of the machine's CPU%n",
                100 * otherProcesses);
        for (int v = 0; v < variants.size(); v++) {
            System.out.printf(Locale.ROOT, "Variant %d: %s%n", v + 1, variants.get(v));
        }
        Map<String, List<Row>> bySetAndAlgorithm = new LinkedHashMap<>();
        rows.forEach(row -> bySetAndAlgorithm.computeIfAbsent(row.data().name() + " " + row.algorithm(), key -> new ArrayList<>()).add(row));
        List<Group> groups = bySetAndAlgorithm.values().stream().map(Group::new).toList();
        StringBuilder header = new StringBuilder("| data set | train / test rows | algorithm | scikit-learn | fit s |");
        StringBuilder rule = new StringBuilder("|---|---:|---|---:|---:|");
        for (int v = 1; v <= variants.size(); v++) {
            header.append(" streamtrain ").append(v).append(" | gap ± sd (worst split) | fit s |");
            rule.append("---:|---:|---:|");
        }
        System.out.println();
        System.out.println(header);
        System.out.println(rule);
        for (Group group : groups) {
            Row first = group.first();
            Task task = first.data().task();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d / %d | %s vs %s | %s | %.2f |", first.data().name(),
                    first.data().train().size(), first.data().test().size(), first.algorithm(), first.theirs().estimator(),
                    metric(task, group.theirs(ReferenceResult::accuracy), group.theirs(ReferenceResult::r2), group.theirs(ReferenceResult::rmse)),
                    group.theirs(ReferenceResult::seconds)));
            for (int v = 0; v < variants.size(); v++) {
                int variant = v;
                int refused = group.splits().stream().mapToInt(row -> row.ours().get(variant).refusedTestRows() + row.ours().get(variant).refusedTrainRows()).sum();
                List<TuningReport> searches = group.splits().stream().map(row -> row.ours().get(variant).tuning()).filter(Objects::nonNull).toList();
                line.append(String.format(Locale.ROOT, " %s%s | %+.3f ± %.3f (%+.3f) | %.2f%s |",
                        metric(task, group.ours(v, StreamtrainFit.Result::accuracy), group.ours(v, StreamtrainFit.Result::r2), group.ours(v, StreamtrainFit.Result::rmse)),
                        refused > 0 ? String.format(Locale.ROOT, " (%d rows refused over the splits)", refused) : "",
                        group.meanGap(v), group.gapSpread(v), group.worstGap(v), group.ours(v, StreamtrainFit.Result::seconds),
                        searches.isEmpty() ? "" : String.format(Locale.ROOT, " (search at most %.2f s of %.0f, %d candidates × %d folds%s)",
                                searches.stream().mapToLong(TuningReport::getElapsedMillis).max().orElseThrow() / 1000.0,
                                searches.getFirst().getBudgetMillis() / 1000.0, searches.getFirst().getCandidates().size(), searches.getFirst().getFolds(),
                                searches.stream().anyMatch(TuningReport::getBudgetExhausted) ? ", budget ran out" : "")));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.println("| task | algorithm | data sets | variant | mean gap | worst set's mean gap ± sd (data set) | streamtrain / scikit-learn fit time (sum) |");
        System.out.println("|---|---|---:|---:|---:|---|---:|");
        for (Task task : List.of(Task.CLASSIFICATION, Task.REGRESSION)) {
            for (String algorithm : COUNTERPARTS.get(task).keySet()) {
                List<Group> own = groups.stream().filter(group -> group.first().data().task() == task && group.first().algorithm().equals(algorithm)).toList();
                if (own.isEmpty()) {
                    continue;
                }
                for (int v = 0; v < variants.size(); v++) {
                    int variant = v;
                    Group worst = own.stream().min(Comparator.comparingDouble(group -> group.meanGap(variant))).orElseThrow();
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %+.4f | %+.3f ± %.3f (%s) | %.2f |%n", task.name().toLowerCase(Locale.ROOT), algorithm,
                            own.size(), v + 1, own.stream().mapToDouble(group -> group.meanGap(variant)).average().orElseThrow(), worst.meanGap(v),
                            worst.gapSpread(v), worst.first().data().name(),
                            throughTopics ? Double.NaN : own.stream().mapToDouble(group -> group.ours(variant, StreamtrainFit.Result::seconds)).sum()
                                    / own.stream().mapToDouble(group -> group.theirs(ReferenceResult::seconds)).sum());
                }
            }
        }
        System.out.println("\nGap: streamtrain's accuracy (classification) or R² (regression) minus scikit-learn's on the same split, averaged over the"
                + " splits; sd: its standard deviation over the splits; positive is better."
                + (throughTopics ? " Through topics the fit time includes the window's idle close and is not compared (NaN)." : ""));
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
