package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.Task;
import io.streamtrain.ml.model.forest.FlatClassificationForest;
import io.streamtrain.ml.model.forest.FlatRegressionForest;
import io.streamtrain.ml.model.forest.ForestCompiler;
import io.streamtrain.ml.testing.ArffTables;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import smile.classification.RandomForest;

/**
 * 100-tree forests trained by the trainer on real data (Weka's credit-g and iris tables, and the cpu table for
 * regression), loaded as the scorer loads them, and compiled into flat arrays: on every row of the table the flat
 * forest gives Smile's own prediction bit for bit (class, every posterior, value), one vector at a time and in blocks
 * on a pool of two threads.
 */
class CompiledForestOnRealDataTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"credit-g", "iris"})
    void shouldClassifyEveryRowExactlyAsSmileWhenCompiled(String table) throws Exception {
        ArffTables.Table data = ArffTables.read(table);
        LoadedModel loaded = trainedForest(data, Task.CLASSIFICATION);
        RandomForest forest = (RandomForest) loaded.model();
        VectorSchema schema = VectorSchema.of(loaded.inputWidth());
        FlatClassificationForest flat = ForestCompiler.classification(forest, schema.structType());
        int k = forest.classes().length;
        double[][] xs = vectors(loaded, data);
        double[][] smilePosteriors = new double[xs.length][k];
        int[] smileClasses = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            smileClasses[i] = forest.predict(schema.tuple(xs[i]), smilePosteriors[i]);
        }

        double[][] blockPosteriors = new double[xs.length][k];
        int[] blockClasses;
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            blockClasses = flat.predictAll(xs, blockPosteriors, pool);
        }

        for (int i = 0; i < xs.length; i++) {
            double[] alone = new double[k];
            assertThat(flat.predict(xs[i], alone)).as("class of row %d alone", i).isEqualTo(smileClasses[i]);
            assertThat(alone).as("posteriors of row %d alone", i).isEqualTo(smilePosteriors[i]);
            assertThat(blockClasses[i]).as("class of row %d in a block", i).isEqualTo(smileClasses[i]);
            assertThat(blockPosteriors[i]).as("posteriors of row %d in a block", i).isEqualTo(smilePosteriors[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu.with.vendor"})
    void shouldPredictEveryValueExactlyAsSmileWhenCompiled(String table) throws Exception {
        ArffTables.Table data = ArffTables.read(table);
        LoadedModel loaded = trainedForest(data, Task.REGRESSION);
        smile.regression.RandomForest forest = (smile.regression.RandomForest) loaded.model();
        VectorSchema schema = VectorSchema.of(loaded.inputWidth());
        FlatRegressionForest flat = ForestCompiler.regression(forest, schema.structType());

        for (double[] x : vectors(loaded, data)) {
            assertThat(flat.predict(x)).isEqualTo(forest.predict(schema.tuple(x)));
        }
    }

    private static LoadedModel trainedForest(ArffTables.Table data, Task task) throws Exception {
        TrainingSettings settings = TrainingSettings.of(task, "random-forest", Map.of("trees", "100"));
        TrainingOutcome outcome = new BatchTrainer().train(Batches.request(data.spec(), settings, data.records()));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ModelLoader.load(((TrainingOutcome.Trained) outcome).envelope(), Batches.PIPELINE);
    }

    /** Every row of the table through the model's fitted preprocessing: what the scorer hands the forest. */
    private static double[][] vectors(LoadedModel loaded, ArffTables.Table data) {
        return data.records().stream().map(loaded::featureVector).toArray(double[][]::new);
    }
}
