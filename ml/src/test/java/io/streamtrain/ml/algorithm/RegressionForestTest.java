package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionForestTest {

    /**
     * Smile's default split search for regression trees tries one threshold per hundredth of the rows, which caps a
     * tree at about 200 leaves on any data set; with every split point tried, the trees grow as their limits allow.
     */
    @Test
    void shouldGrowRegressionTreesPastSmilesBinnedSplitSearch() {
        Random random = new Random(1);
        int rows = 16_000;
        double[][] x = new double[rows][30];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double score = 0;
            for (int j = 0; j < 30; j++) {
                x[i][j] = random.nextGaussian();
                score += (j % 3 == 0 ? 0.3 : 0.05) * x[i][j];
            }
            y[i] = score + Math.sin(3 * x[i][1]) + 0.5 * random.nextGaussian();
        }
        RandomForestOptions options = RandomForestOptions.of(HyperparameterValues.of(Algorithms.RANDOM_FOREST, Map.of(Hyperparameter.RF_TREES, 5, Hyperparameter.RF_MAX_NODES, 4096)));

        smile.regression.RandomForest forest = (smile.regression.RandomForest) ModelFitter.regressor(options, x, y, 42L);

        assertThat(Arrays.stream(forest.trees()).mapToInt(tree -> tree.size()).min().orElseThrow())
                .as("leaves of the smallest tree").isGreaterThan(1_000);
    }
}
