package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.rows.RecordView;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one definition of a request's train and test rows, shared by the fit and the champion's evaluation so that
 * both are judged on exactly the same rows ({@code train.evaluation}):
 * <ul>
 *   <li>{@code newest-window}: the newest window (the request's own records) is split by the split strategy; its
 *       held-out rows are the test rows, and every row of the earlier windows trains, before the newest window's
 *       train rows.</li>
 *   <li>{@code every-window}: the earlier windows' rows, then the newest window's, are split alike.</li>
 * </ul>
 * With one window both give the per-window split of a model trained on its window alone.
 */
final class EvaluationSplit {

    private EvaluationSplit() {
    }

    /**
     * @param usable  whether a record's label can be learned from; other records take no side
     * @param classOf the class of a record, read by the stratified split
     */
    static TrainTestSplit of(TrainingRequest request, Predicate<CleanRecord> usable, Function<CleanRecord, String> classOf) {
        TrainingSettings settings = request.settings();
        List<CleanRecord> earlier = RecordView.filter(request.horizon().earlier(), usable);
        List<CleanRecord> newest = RecordView.filter(request.records(), usable);
        return switch (request.horizon().policy().evaluation()) {
            case NEWEST_WINDOW -> {
                TrainTestSplit split = TrainTestSplit.of(settings.splitStrategy(), newest, settings.testFraction(), classOf);
                yield new TrainTestSplit(RecordView.concat(earlier, split.train()), split.test());
            }
            case EVERY_WINDOW -> TrainTestSplit.of(settings.splitStrategy(), RecordView.concat(earlier, newest), settings.testFraction(), classOf);
        };
    }
}
