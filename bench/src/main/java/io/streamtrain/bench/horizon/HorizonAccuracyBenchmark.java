package io.streamtrain.bench.horizon;

import io.streamtrain.bench.training.MachineLoad;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.train.TrainTestSplit;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Held-out accuracy against training horizon length, on real public data sets streamed in small windows through the
 * whole pipeline (embedded broker, streams-app, trainer), next to scikit-learn's defaults trained on the same rows.
 *
 * <p>Per data set one deployment runs eight pipelines side by side on the same records: {@code train.horizon.windows}
 * 1, 3, 10 and 30, each with {@code train.refit} off and on, every other key at its default except the window
 * ({@value #WINDOW_ROWS} rows per 60-second event-time window). The records go to each pipeline's
 * {@code <p>.records} in event-time order; once every window has trained, the model each pipeline serves (its last
 * promoted version) and its last trained model (promoted or not) score the data set's fixed held-out rows, which were
 * never streamed, the way the scorer scores ({@link ModelLoader}, {@link LoadedModel#score}). scikit-learn
 * ({@code bench/python/horizon_reference.py}) fits its default logistic regression and random forest on exactly the
 * rows the served model's lineage names (its horizon windows, minus the newest window's test rows unless refit) and on
 * every streamed row. Arguments: the algorithm, {@code logistic-regression} (default) or {@code random-forest}.
 */
public final class HorizonAccuracyBenchmark {

    private static final int[] HORIZONS = {1, 3, 10, 30};
    private static final int WINDOW_ROWS = 50;
    private static final long WINDOW_MS = 60_000;
    private static final double TEST_FRACTION = 0.2;
    private static final long SHUFFLE_SEED = 7;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(6);

    private HorizonAccuracyBenchmark() {
    }

    /** One pipeline of the run: its horizon and refit, and the name that says both. */
    record Variant(int windows, boolean refit) {

        String pipeline(String dataSet) {
            return dataSet + "-h" + windows + (refit ? "-refit" : "");
        }
    }

    public static void main(String[] args) throws Exception {
        String algorithm = args.length > 0 ? args[0] : "logistic-regression";
        WekaArff weka = WekaArff.fetch();
        List<StreamedDataSet> dataSets = List.of(
                StreamedDataSet.withTestFile("segment", weka.read("segment-challenge"), weka.read("segment-test"), SHUFFLE_SEED),
                StreamedDataSet.holdingOut("diabetes", weka.read("diabetes"), 168, SHUFFLE_SEED));
        List<Variant> variants = new ArrayList<>();
        for (int windows : HORIZONS) {
            variants.add(new Variant(windows, false));
            variants.add(new Variant(windows, true));
        }
        System.out.printf(Locale.ROOT, "algorithm %s, %d rows per window, split.test.fraction %.1f%n", algorithm, WINDOW_ROWS, TEST_FRACTION);
        System.out.println("| data set | horizon windows | refit | served version (models trained) | served model's windows | rows it learned from | streamtrain served | streamtrain last trained | scikit-learn LR, same rows | scikit-learn RF, same rows | scikit-learn LR, all streamed | scikit-learn RF, all streamed |");
        System.out.println("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (StreamedDataSet dataSet : dataSets) {
            MachineLoad before = MachineLoad.now();
            long started = System.nanoTime();
            List<String> lines = run(dataSet, variants, algorithm);
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "(%s: %d streamed rows in %d windows, %d held-out rows, %d features; run %.0f s, other processes took %.0f%% of the CPU)%n",
                    dataSet.name(), dataSet.streamed().size(), dataSet.windowCount(WINDOW_ROWS), dataSet.test().size(), dataSet.featureNames().size(),
                    (System.nanoTime() - started) / 1e9, 100 * MachineLoad.now().otherProcessesShareSince(before));
        }
    }

    private static List<String> run(StreamedDataSet dataSet, List<Variant> variants, String algorithm) throws Exception {
        Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        PipelineSchema schema = PipelineSchema.write(dataSet);
        List<PipelineDefinition> definitions = variants.stream()
                .map(variant -> PipelineDefinition.of(variant.pipeline(dataSet.name()), configuration(dataSet, variant, schema, algorithm)))
                .toList();
        List<String> lines = new ArrayList<>();
        try (Deployment deployment = Deployment.start(new DeploymentDefinition(definitions), EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER),
                null, Duration.ofSeconds(120));
             ScikitLearnReference reference = ScikitLearnReference.start(dataSet)) {
            RecordStream stream = new RecordStream(deployment.clientProperties(), schema, base, WINDOW_MS / WINDOW_ROWS);
            for (Variant variant : variants) {
                stream.produce(deployment.pipeline(variant.pipeline(dataSet.name())).pipeline().topics().records(), dataSet.streamed());
            }
            long lastWindowEnd = base.toEpochMilli() + dataSet.windowCount(WINDOW_ROWS) * WINDOW_MS;
            ScikitLearnReference.Accuracy all = reference.fit(null);
            for (Variant variant : variants) {
                String name = variant.pipeline(dataSet.name());
                List<ModelEnvelope> history = ModelHistory.awaitWindowEnd(deployment.clientProperties(),
                        deployment.pipeline(name).pipeline().topics().modelHistory(), lastWindowEnd, TRAINING_TIMEOUT);
                ModelEnvelope lastTrained = history.getLast();
                ModelEnvelope served = history.reversed().stream()
                        .filter(envelope -> envelope.getPromotion() == null || envelope.getPromotion().getStatus() == PromotionStatus.PROMOTED)
                        .findFirst().orElseThrow(() -> new IllegalStateException(name + " promoted no model"));
                List<String> learned = learnedRows(dataSet, served, base, variant.refit());
                ScikitLearnReference.Accuracy same = reference.fit(learned);
                lines.add(String.format(Locale.ROOT, "| %s | %d | %s | v%d (%d) | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |",
                        dataSet.name(), variant.windows(), variant.refit() ? "on" : "off", served.getVersion(), history.size(),
                        served.getLineage().getHorizon().getWindows().size(), learned.size(),
                        accuracy(served, name, dataSet), accuracy(lastTrained, name, dataSet),
                        same.logisticRegression(), same.randomForest(), all.logisticRegression(), all.randomForest()));
            }
        }
        return lines;
    }

    private static Map<String, String> configuration(StreamedDataSet dataSet, Variant variant, PipelineSchema schema, String algorithm) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", variant.pipeline(dataSet.name()));
        configuration.put("input.schema", schema.path().toString());
        configuration.put("input.id.field", PipelineSchema.ID_FIELD);
        // The Kafka timestamp is the event time: the benchmark sets it to place WINDOW_ROWS rows in each window.
        configuration.put("input.timestamp.field", "");
        configuration.put("label.field", PipelineSchema.LABEL_FIELD);
        configuration.put(PipelineConfig.INPUT_PARTITIONS_CONFIG, "1");
        configuration.put("window.size.ms", String.valueOf(WINDOW_MS));
        configuration.put("window.grace.ms", "1000");
        configuration.put("window.idle.close.ms", "1000");
        configuration.put("split.test.fraction", String.valueOf(TEST_FRACTION));
        configuration.put("model.algorithm", algorithm);
        configuration.put("train.horizon.windows", String.valueOf(variant.windows()));
        configuration.put("train.refit", String.valueOf(variant.refit()));
        configuration.put("streams.commit.interval.ms", "100");
        return configuration;
    }

    /**
     * The ids of the rows {@code model} learned from, by its lineage: the rows of every horizon window (by the event
     * time the benchmark gave them), without the newest window's test rows unless the model was refit. Checks each
     * window's row count against the lineage's.
     */
    private static List<String> learnedRows(StreamedDataSet dataSet, ModelEnvelope model, Instant base, boolean refit) {
        List<LineageWindow> windows = model.getLineage().getHorizon().getWindows();
        List<String> learned = new ArrayList<>();
        for (LineageWindow window : windows) {
            int first = (int) ((window.getWindowStart().toEpochMilli() - base.toEpochMilli()) / WINDOW_MS) * WINDOW_ROWS;
            List<String> ids = dataSet.streamed().subList(first, Math.min(first + WINDOW_ROWS, dataSet.streamed().size())).stream()
                    .map(StreamedDataSet.Row::id).toList();
            if (ids.size() != window.getRows()) {
                throw new IllegalStateException("window " + window.getBatchId() + " holds " + window.getRows() + " rows, the benchmark streamed " + ids.size());
            }
            boolean newest = window == windows.getLast();
            ids.stream().filter(id -> refit || !newest || !TrainTestSplit.isTest(id, TEST_FRACTION)).forEach(learned::add);
        }
        return learned;
    }

    /** {@code model}'s accuracy on the held-out rows, each scored as the scorer scores a record. */
    private static double accuracy(ModelEnvelope model, String pipeline, StreamedDataSet dataSet) throws ModelRejectedException {
        LoadedModel loaded = ModelLoader.load(model, pipeline);
        long correct = dataSet.test().stream()
                .filter(row -> row.label().equals(loaded.score(cleanRecord(row)).label()))
                .count();
        return (double) correct / dataSet.test().size();
    }

    private static CleanRecord cleanRecord(StreamedDataSet.Row row) {
        List<Object> features = Arrays.stream(row.features()).<Object>mapToObj(value -> Double.isNaN(value) ? null : value).toList();
        return CleanRecord.newBuilder().setRecordId(row.id()).setEventTime(Instant.EPOCH).setFeatures(features)
                .setLabel(null).setSourcePartition(0).setSourceOffset(0).build();
    }
}
