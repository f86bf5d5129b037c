package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FittedColumn;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.testing.Batches;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainTestSplit;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingSettings;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLoaderTest {

    private static final AvroMessageCodec<ModelEnvelope> CODEC = AvroMessageCodec.of(ModelEnvelope.class);
    private static final List<CleanRecord> RECORDS = Batches.separableBinary(1_000, 21);
    private static ModelEnvelope trained;

    @BeforeAll
    static void train() {
        trained = ((TrainingOutcome.Trained) new BatchTrainer().train(Batches.request(RECORDS))).envelope();
    }

    @Test
    void shouldPredictIdenticallyAfterAvroRoundTrip() throws Exception {
        ModelEnvelope decoded = CODEC.decode(CODEC.encode(trained));

        LoadedModel before = ModelLoader.load(trained, "churn");
        LoadedModel after = ModelLoader.load(decoded, "churn");

        assertThat(decoded).isEqualTo(trained);
        assertThat(after.version()).isEqualTo(7);
        for (CleanRecord record : RECORDS) {
            assertThat(after.score(record)).isEqualTo(before.score(record));
            assertThat(after.featureVector(record)).isEqualTo(before.featureVector(record));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"logistic-regression", "random-forest", "gradient-boosted-trees"})
    void shouldScoreAListExactlyAsItScoresEachRecordAlone(String algorithm) throws Exception {
        TrainingSettings settings = TrainingSettings.of(Task.CLASSIFICATION, algorithm,
                algorithm.equals("logistic-regression") ? Map.of() : Map.of("trees", "31"));
        LoadedModel model = ModelLoader.load(((TrainingOutcome.Trained) new BatchTrainer()
                .train(Batches.request(Batches.SPEC, settings, RECORDS))).envelope(), "churn");

        List<ScoredRecord> together;
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            together = model.scoreAll(RECORDS, pool);
        }

        assertThat(together).hasSameSizeAs(RECORDS);
        for (int i = 0; i < RECORDS.size(); i++) {
            assertThat(together.get(i)).as("record %d", i).isEqualTo(model.score(RECORDS.get(i)));
        }
    }

    @Test
    void shouldReproduceTheTrainersTestAccuracy() throws Exception {
        LoadedModel model = ModelLoader.load(trained, "churn");
        List<CleanRecord> test = TrainTestSplit.byRecordId(RECORDS, 0.2).test();

        long correct = test.stream().filter(r -> model.score(r).label().equals(r.getLabel())).count();

        assertThat((double) correct / test.size()).isCloseTo(trained.getMetrics().get("accuracy"), within(1e-12));
    }

    @Test
    void shouldGiveProbabilityOfEveryClass() throws Exception {
        LoadedModel model = ModelLoader.load(trained, "churn");

        for (CleanRecord record : RECORDS.subList(0, 50)) {
            ScoredRecord scored = model.score(record);
            assertThat(scored.probabilities()).containsOnlyKeys("no", "yes");
            assertThat(scored.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
            assertThat(scored.probabilities().get(scored.label())).isGreaterThanOrEqualTo(0.5);
        }
    }

    @Test
    void shouldScoreConsistentlyFromManyThreads() throws Exception {
        LoadedModel model = ModelLoader.load(trained, "churn");
        List<ScoredRecord> sequential = RECORDS.stream().map(model::score).toList();
        CountDownLatch start = new CountDownLatch(1);

        List<Future<List<ScoredRecord>>> concurrent = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                concurrent.add(threads.submit(() -> {
                    start.await();
                    return RECORDS.stream().map(model::score).toList();
                }));
            }
            start.countDown();
        }

        for (Future<List<ScoredRecord>> results : concurrent) {
            assertThat(results.get()).isEqualTo(sequential);
        }
    }

    @Test
    void shouldNotChangeWhenItsEnvelopeChangesAfterLoading() throws Exception {
        ModelEnvelope envelope = copy(e -> { });
        LoadedModel model = ModelLoader.load(envelope, "churn");
        ScoredRecord before = model.score(RECORDS.getFirst());

        envelope.setVersion(99);
        envelope.getFeatureSchema().getClasses().set(0, "changed");
        envelope.getPreprocessing().getColumns().getFirst().setCenter(1e6);

        assertThat(model.version()).isEqualTo(7);
        assertThat(model.classes()).containsExactly("no", "yes");
        assertThat(model.score(RECORDS.getFirst())).isEqualTo(before);
    }

    @Test
    void shouldRefuseModelOfAnotherPipeline() {
        assertThatThrownBy(() -> ModelLoader.load(trained, "fraud"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage("model churn v7 belongs to pipeline churn, not fraud");
    }

    @Test
    void shouldRefuseTamperedModelBytes() {
        ModelEnvelope tampered = copy(e -> {
            byte[] bytes = bytes(e);
            bytes[bytes.length - 3] ^= 0x01;
            e.setModelBytes(ByteBuffer.wrap(bytes));
        });

        assertThatThrownBy(() -> ModelLoader.load(tampered, "churn"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("model bytes do not match their SHA-256 digest");
    }

    @Test
    void shouldRefuseMalformedDigest() {
        assertThatThrownBy(() -> ModelLoader.load(copy(e -> e.setModelSha256("not-hex")), "churn"))
                .hasMessageContaining("do not match their SHA-256 digest");
    }

    @Test
    void shouldRefuseModelOfAnotherSmileVersion() {
        assertThatThrownBy(() -> ModelLoader.load(copy(e -> e.setSmileVersion("4.4.2")), "churn"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("trained with Smile 4.4.2 but this process runs Smile 6.3.0");
    }

    @Test
    void shouldRefuseUnknownModelFormat() {
        assertThatThrownBy(() -> ModelLoader.load(copy(e -> e.setModelFormat("onnx")), "churn"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage("model churn v7 has model format onnx; only java-serialization is supported");
    }

    @Test
    void shouldRefuseJdkClassesOutsideTheAllowList() {
        ConcurrentHashMap<String, Integer> notAModel = new ConcurrentHashMap<>();
        notAModel.put("a", 1);

        assertThatThrownBy(() -> ModelLoader.load(withModel(notAModel), "churn"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("refused by the deserialization allow-list")
                .hasMessageContaining("REJECTED");
    }

    @Test
    void shouldRefuseForeignClassWithoutInstantiatingIt() {
        byte[] bytes = JavaModelSerialization.serialize(new Gadget("rm -rf /"));
        Gadget.instances = 0;

        assertThatThrownBy(() -> ModelLoader.load(withModelBytes(bytes), "churn")).hasMessageContaining("allow-list");
        assertThat(Gadget.instances).isZero();
    }

    @Test
    void shouldRefuseForeignClassNestedInAllowedCollection() {
        HashMap<String, Object> nested = new HashMap<>();
        nested.put("payload", new Gadget("x"));

        assertThatThrownBy(() -> ModelLoader.load(withModel(nested), "churn")).hasMessageContaining("allow-list");
    }

    @Test
    void shouldRefuseAllowedObjectThatIsNotAClassifier() {
        assertThatThrownBy(() -> ModelLoader.load(withModel(smile.util.IntSet.of(2)), "churn"))
                .hasMessageContaining("model bytes hold a smile.util.IntSet is not a Smile classifier");
    }

    @Test
    void shouldRefuseClassesTheModelDoesNotIndex() {
        assertThatThrownBy(() -> ModelLoader.load(copy(e -> e.getFeatureSchema().setClasses(List.of("only"))), "churn"))
                .hasMessageContaining("do not index the envelope's classes [only]");
    }

    @Test
    void shouldRefusePreprocessingOfAnotherWidth() {
        ModelEnvelope widened = copy(e -> {
            FittedColumn colour = e.getPreprocessing().getColumns().get(3);
            colour.setCategories(List.of("blue", "green", "purple", "red"));
        });

        assertThatThrownBy(() -> ModelLoader.load(widened, "churn")).hasMessageContaining("cannot score the 8-wide vectors");
    }

    @Test
    void shouldRefuseIncompleteEnvelope() {
        assertThatThrownBy(() -> ModelLoader.load(copy(e -> e.setModelBytes(null)), "churn"))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage("model envelope has no modelBytes");
    }

    /** Stands for a deserialization gadget: a class no model consists of. */
    record Gadget(String command) implements Serializable {
        static int instances;

        Gadget {
            instances++;
        }
    }

    private static ModelEnvelope withModel(Serializable model) {
        return withModelBytes(JavaModelSerialization.serialize(model));
    }

    private static ModelEnvelope withModelBytes(byte[] bytes) {
        return copy(e -> {
            e.setModelBytes(ByteBuffer.wrap(bytes));
            e.setModelSha256(ModelDigest.sha256Hex(bytes));
        });
    }

    /** A deep copy of the trained envelope, changed by {@code change}. */
    private static ModelEnvelope copy(Consumer<ModelEnvelope> change) {
        ModelEnvelope copy = CODEC.decode(CODEC.encode(trained));
        change.accept(copy);
        return copy;
    }

    private static byte[] bytes(ModelEnvelope envelope) {
        ByteBuffer buffer = envelope.getModelBytes().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
