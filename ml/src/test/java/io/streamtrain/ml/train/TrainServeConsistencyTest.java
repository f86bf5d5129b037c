package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.feature.FeatureExtractor.LabelPolicy;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One raw input record must become the same model input in the trainer and, after publishing, in the scorer. */
class TrainServeConsistencyTest {

    private static final FeatureSpec SPEC = FeatureSpec.fromSchema(DemoRecord.getClassSchema(), "id", "eventTime", "label", List.of());
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(SPEC);
    private static final AvroMessageCodec<DemoRecord> INPUT = AvroMessageCodec.of(DemoRecord.class);
    private static final AvroMessageCodec<ModelEnvelope> MODELS = AvroMessageCodec.of(ModelEnvelope.class);

    @Test
    void shouldBuildIdenticalVectorInTrainerAndScorer() throws Exception {
        ModelEnvelope envelope = trainOnDemoRecords();
        // Missing usage, non-finite spend and a region the model never saw: every cleaning and imputation rule at once.
        DemoRecord raw = new DemoRecord("customer-x", Instant.EPOCH, 14.0, Double.NaN, 3.0, null, true, "atlantis", null);

        CleanRecord trainerSide = extract(raw, LabelPolicy.IGNORED);
        double[] trainerVector = LabelledVectors.of(List.of(trainerSide), new FeatureTransformer(SPEC.definitions(), envelope.getPreprocessing()),
                ClassIndex.of(List.of())).x()[0];

        LoadedModel served = ModelLoader.load(MODELS.decode(MODELS.encode(envelope)), "churn");
        CleanRecord scorerSide = extract(INPUT.decode(INPUT.encode(raw)), LabelPolicy.IGNORED);
        double[] scorerVector = served.featureVector(scorerSide);

        assertThat(scorerVector).isEqualTo(trainerVector);
        assertThat(SPEC.featureNames()).containsExactly("tenureMonths", "monthlySpend", "supportCalls", "usageHours", "premium", "region");
        assertThat(scorerVector).hasSize(5 + envelope.getPreprocessing().getColumns().get(5).getCategories().size() + 1);
        assertThat(scorerVector[1]).as("imputed spend sits at the train mean").isEqualTo(0.0);
        assertThat(scorerVector[3]).as("imputed usage sits at the train mean").isEqualTo(0.0);
        assertThat(Arrays.copyOfRange(scorerVector, 5, scorerVector.length - 1)).as("unseen region: no known slot").containsOnly(0.0);
        assertThat(scorerVector[scorerVector.length - 1]).as("unseen region: the other slot").isEqualTo(1.0);
        assertThat(served.score(scorerSide).label()).isIn("churn", "stay");
    }

    private static ModelEnvelope trainOnDemoRecords() {
        Random random = new Random(99);
        List<CleanRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double tenure = random.nextInt(72);
            double calls = random.nextInt(8);
            boolean churn = calls * 8 - tenure + random.nextGaussian() * 10 > 0;
            DemoRecord raw = new DemoRecord("c-" + i, Instant.EPOCH.plusSeconds(i), tenure, 20 + random.nextDouble() * 80, calls,
                    random.nextInt(10) == 0 ? null : random.nextDouble() * 40, random.nextBoolean(),
                    List.of("north", "south", "east").get(random.nextInt(3)), churn ? "churn" : "stay");
            records.add(extract(raw, LabelPolicy.REQUIRED));
        }
        var request = new TrainingRequest("churn", 1, SPEC, Batches.settings(), "churn-0-0", Batches.manifest(SPEC, records.size()), records);
        return ((TrainingOutcome.Trained) new BatchTrainer().train(request)).envelope();
    }

    private static CleanRecord extract(DemoRecord raw, LabelPolicy policy) {
        return ((Extraction.Accepted) EXTRACTOR.extract(raw, 0L, 0, 0L, policy)).record();
    }
}
