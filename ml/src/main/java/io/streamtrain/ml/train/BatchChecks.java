package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import java.util.List;
import java.util.Optional;

/** Why a batch cannot make a model, if it cannot. Each check returns the reason a {@code Skipped} outcome carries. */
final class BatchChecks {

    /** More distinct labels than this look like a regression target, and would make the model's size grow with the batch. */
    static final int MAX_CLASSES = 100;

    private BatchChecks() {
    }

    /** Problems visible before splitting: feature layout, size, and the classes in the whole batch. */
    static Optional<String> beforeSplit(TrainingRequest request, List<CleanRecord> labelled) {
        List<String> expected = request.spec().featureNames();
        // Copied because Avro's decoded arrays compare by schema as well as by elements.
        List<String> manifestNames = List.copyOf(request.manifest().getFeatureNames());
        if (!expected.equals(manifestNames)) {
            return Optional.of("batch features " + manifestNames + " differ from the pipeline's features " + expected);
        }
        Optional<CleanRecord> misfit = request.records().stream().filter(r -> r.getFeatures().size() != expected.size()).findFirst();
        if (misfit.isPresent()) {
            return Optional.of("record " + misfit.get().getRecordId() + " has " + misfit.get().getFeatures().size()
                    + " feature values; the pipeline has " + expected.size() + " features");
        }
        int minRecords = request.settings().minRecords();
        if (labelled.size() < minRecords) {
            return Optional.of("batch has " + labelled.size() + " labelled records, fewer than the minimum of " + minRecords);
        }
        return classProblem(ClassIndex.of(labelled), "batch");
    }

    /** Problems of the split: an empty side, or a train side without two classes. */
    static Optional<String> afterSplit(TrainTestSplit split, double testFraction, ClassIndex trainClasses) {
        int total = split.train().size() + split.test().size();
        if (split.test().isEmpty()) {
            return Optional.of("test split is empty: none of the " + total + " records' ids fell in the held-out "
                    + testFraction + " fraction, so the model could not be evaluated");
        }
        if (split.train().isEmpty()) {
            return Optional.of("train split is empty: all " + total + " records' ids fell in the held-out fraction");
        }
        return classProblem(trainClasses, "train split");
    }

    private static Optional<String> classProblem(ClassIndex classes, String where) {
        if (classes.size() < 2) {
            return Optional.of(where + " has a single class " + classes.names() + "; a classifier needs at least two");
        }
        if (classes.size() > MAX_CLASSES) {
            return Optional.of(where + " has " + classes.size() + " distinct labels, more than " + MAX_CLASSES
                    + " classes; is the label a regression target?");
        }
        return Optional.empty();
    }
}
