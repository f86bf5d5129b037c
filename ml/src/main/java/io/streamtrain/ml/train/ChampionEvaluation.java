package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.evaluate.ClassificationMetrics;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ScoredRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the current champion on a challenger's test split: the same records ({@link EvaluationSplit}: by default
 * the held-out rows of the newest window), the same class indices (the challenger's) and the same metric code, so the two scores compare.
 */
public final class ChampionEvaluation {

    private ChampionEvaluation() {
    }

    /**
     * The champion's metrics on the test split of {@code request}, with {@code challengerClasses} as class indices;
     * empty when the split has no labelled test record, the champion cannot score the records (other features), or
     * it is not a classifier (the gate then promotes without comparison and says so).
     */
    public static Optional<Map<String, Double>> metrics(LoadedModel champion, TrainingRequest request,
                                                        List<String> challengerClasses) {
        List<CleanRecord> test = EvaluationSplit.of(request, r -> r.getLabel() != null,
                record -> ClassIndex.nameOf(record.getLabel())).test();
        if (test.isEmpty() || champion.task() != Task.CLASSIFICATION) {
            return Optional.empty();
        }
        int[] truth = new int[test.size()];
        int[] predicted = new int[test.size()];
        double[][] probabilities = new double[test.size()][challengerClasses.size()];
        for (int i = 0; i < test.size(); i++) {
            ScoredRecord scored;
            try {
                scored = champion.score(test.get(i));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            truth[i] = challengerClasses.indexOf(ClassIndex.nameOf(test.get(i).getLabel()));
            int predictedClass = challengerClasses.indexOf(scored.label());
            // A class the challenger does not know must never count as matching an unknown true class.
            predicted[i] = predictedClass < 0 ? ClassIndex.UNSEEN - 1 : predictedClass;
            for (int c = 0; c < challengerClasses.size(); c++) {
                probabilities[i][c] = scored.probabilities().getOrDefault(challengerClasses.get(c), 0.0);
            }
        }
        return Optional.of(ClassificationMetrics.of(challengerClasses, truth, predicted, probabilities).asMap());
    }
}
