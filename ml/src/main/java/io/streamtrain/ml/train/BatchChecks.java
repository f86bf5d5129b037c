package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.ml.preprocess.MissingValues;
import java.util.List;
import java.util.Optional;

/** Why a batch cannot make a model, if it cannot. Each check returns the reason a {@code Skipped} outcome carries. */
final class BatchChecks {

    private BatchChecks() {
    }

    /** Problems visible before splitting: feature layout, size, and the labels of the whole batch. */
    static Optional<String> beforeSplit(TrainingRequest request, List<CleanRecord> labelled, TaskLearning learning) {
        List<String> expected = request.spec().featureNames();
        List<String> extractedWith = request.source().featureNames();
        if (!expected.equals(extractedWith)) {
            return Optional.of("batch features " + extractedWith + " differ from the pipeline's features " + expected);
        }
        Optional<CleanRecord> misfit = request.records().stream().filter(r -> r.getFeatures().size() != expected.size()).findFirst();
        if (misfit.isPresent()) {
            return Optional.of("record " + misfit.get().getRecordId() + " has " + misfit.get().getFeatures().size()
                    + " feature values; the pipeline has " + expected.size() + " features");
        }
        int minRecords = request.settings().minRecords();
        if (labelled.size() < minRecords) {
            String empty = request.records().isEmpty() ? " (the batch is empty)" : "";
            return Optional.of("batch has " + labelled.size() + " labelled records, fewer than the minimum of " + minRecords + empty);
        }
        return learning.labelProblem(labelled, "batch");
    }

    /** Problems of the split: an empty side, a train side that cannot be learned from, a feature missing everywhere. */
    static Optional<String> afterSplit(TrainTestSplit split, TrainingSettings settings, List<FeatureDefinition> features,
                                       TaskLearning learning) {
        int total = split.train().size() + split.test().size();
        if (split.test().isEmpty()) {
            return Optional.of("test split is empty: none of the " + total + " records fell in the held-out "
                    + settings.testFraction() + " fraction (" + settings.splitStrategy().key() + " split, after dropped rows)"
                    + ", so the model could not be evaluated");
        }
        if (split.train().size() < 2) {
            return Optional.of("train split has " + split.train().size() + " of the " + total + " records; at least 2 are needed");
        }
        Optional<String> labels = learning.labelProblem(split.train(), "train split");
        if (labels.isPresent()) {
            return labels;
        }
        return MissingValues.featureWithoutValue(features, split.train())
                .map(feature -> "feature " + feature + " has no value in the train split (missing, NaN or infinite everywhere)");
    }
}
