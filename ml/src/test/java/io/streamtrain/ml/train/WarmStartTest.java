package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.algorithm.FittedModel;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.testing.Batches;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fit starts from the champion only when features, classes and width are the same, and the envelope says how it started. */
class WarmStartTest {

    private final BatchTrainer trainer = new BatchTrainer();

    @Test
    void shouldStartFromTheChampionOfTheSameLayoutAndNeedFewerIterations() throws Exception {
        LoadedModel champion = champion(Batches.separableBinary(2_000, 1));
        List<CleanRecord> window = Batches.separableBinary(2_000, 2);

        ModelEnvelope cold = trained(Batches.SPEC, window, WarmStart.none());
        ModelEnvelope warm = trained(Batches.SPEC, window, WarmStart.from(champion, Batches.SPEC.definitions()));

        assertThat(cold.getHyperparameters()).containsEntry(FittedModel.WARM_START, "false");
        assertThat(warm.getHyperparameters()).containsEntry(FittedModel.WARM_START, "true");
        assertThat(iterations(warm)).isLessThan(iterations(cold));
        assertThat(warm.getMetrics().get("accuracy")).isEqualTo(cold.getMetrics().get("accuracy"));
    }

    @Test
    void shouldStartFromScratchWhenTheFeaturesDiffer() throws Exception {
        LoadedModel champion = champion(Batches.separableBinary(2_000, 1));
        FeatureSpec renamed = new FeatureSpec("id", "eventTime", "label", List.of(new FeatureField("x1", FeatureType.NUMERIC),
                new FeatureField("x2", FeatureType.NUMERIC), new FeatureField("flag", FeatureType.BOOLEAN),
                new FeatureField("tint", FeatureType.CATEGORICAL)));
        List<CleanRecord> window = Batches.separableBinary(2_000, 2);

        ModelEnvelope fromChampion = trained(renamed, window, WarmStart.from(champion, renamed.definitions()));

        assertThat(fromChampion.getHyperparameters()).containsEntry(FittedModel.WARM_START, "false");
        assertThat(fromChampion.getModelSha256()).isEqualTo(trained(renamed, window, WarmStart.none()).getModelSha256());
    }

    @Test
    void shouldStartFromScratchWhenTheClassesDiffer() throws Exception {
        LoadedModel threeClasses = champion(Batches.threeClusters(900, 11));
        List<CleanRecord> window = Batches.separableBinary(2_000, 2);

        ModelEnvelope envelope = trained(Batches.SPEC, window, WarmStart.from(threeClasses, Batches.SPEC.definitions()));

        assertThat(envelope.getHyperparameters()).containsEntry(FittedModel.WARM_START, "false");
        assertThat(envelope.getModelSha256()).isEqualTo(trained(Batches.SPEC, window, WarmStart.none()).getModelSha256());
    }

    private LoadedModel champion(List<CleanRecord> records) throws Exception {
        return ModelLoader.load(trained(Batches.SPEC, records, WarmStart.none()), Batches.PIPELINE);
    }

    private ModelEnvelope trained(FeatureSpec spec, List<CleanRecord> records, WarmStart start) {
        TrainingRequest request = new TrainingRequest(Batches.PIPELINE, 7, spec, Batches.settings(), "churn-1735689600000-0",
                new TrainingSource.Window(Batches.manifest(spec, records.size())), records, HorizonRows.none(), start);
        TrainingOutcome outcome = trainer.train(request);
        assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
        return ((TrainingOutcome.Trained) outcome).envelope();
    }

    private static int iterations(ModelEnvelope envelope) {
        return Integer.parseInt(envelope.getHyperparameters().get(FittedModel.ITERATIONS));
    }
}
