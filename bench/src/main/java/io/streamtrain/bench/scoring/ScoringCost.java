package io.streamtrain.bench.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.model.VerifiedModel;
import io.streamtrain.core.requests.ParsedRequest;
import io.streamtrain.core.requests.RequestRecord;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.scorer.serve.RequestScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The CPU cost of the scorer's own work per customer, on one thread and without Kafka: the scorer's
 * {@link RequestScorer} (built the way {@code ScorerService} builds it) applied to in-memory requests, and the
 * same work cut short after each stage, so the differences say what each stage costs.
 *
 * @param jsonTreeMicros      Jackson reading the request into a tree
 * @param recordMicros        the tree into a record of the input schema (the rest of {@link ScoreRequestParser})
 * @param predictMicros       feature extraction, preprocessing and the model's prediction
 * @param predictionMicros    building the {@code Prediction}, encoding it (JSON or Avro) and its producer record
 */
record ScoringCost(double jsonTreeMicros, double recordMicros, double predictMicros, double predictionMicros) {

    private static final int ROUNDS = 5;
    /** Like the parser's own mapper, so the tree stage costs what it costs in the scorer. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Microseconds per customer of the whole of {@link RequestScorer#score}. */
    double totalMicros() {
        return jsonTreeMicros + recordMicros + predictMicros + predictionMicros;
    }

    /**
     * Measures on {@code requests} requests from {@code source}, scored by {@code envelope}'s model; every stage is
     * run {@value #ROUNDS} times and its fastest round counts.
     */
    static ScoringCost measure(BenchPipeline pipeline, ModelEnvelope envelope, ScoreRequests source, int requests)
            throws ModelRejectedException {
        PipelineConfig config = pipeline.pipeline();
        String topic = config.topics().scoreRequests();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(requests);
        for (int offset = 0; offset < requests; offset++) {
            byte[] key = source.nextId().getBytes(StandardCharsets.UTF_8);
            batch.add(new ConsumerRecord<>(topic, 0, offset, key, source.nextValue()));
        }
        ScoringModel model = new VerifiedModel(ModelLoader.load(envelope, config.pipelineName()));
        ScoreRequestParser parser = new ScoreRequestParser(new InputRecordDecoder(config.inputSchema()));
        FeatureExtractor extractor = new FeatureExtractor(config.featureSpec());
        RequestScorer scorer = new RequestScorer(parser, extractor, config.predictionFormat(), config.pipelineName(),
                config.topics().predictions(), config.topics().deadLetters(), Clock.systemUTC());

        long customers = (long) requests * source.recordsPerRequest();
        double tree = fastestMicros(batch, customers, ScoringCost::jsonTree);
        double parsed = fastestMicros(batch, customers, request -> parsed(parser, request));
        double predicted = fastestMicros(batch, customers, request -> predicted(parser, extractor, model, request));
        double scored = fastestMicros(batch, customers, request -> scorer.score(request, model).size());
        return new ScoringCost(tree, parsed - tree, predicted - parsed, scored - predicted);
    }

    private static long jsonTree(ConsumerRecord<byte[], byte[]> request) {
        try {
            return JSON.readTree(request.value()).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long parsed(ScoreRequestParser parser, ConsumerRecord<byte[], byte[]> request) {
        return parser.parse(request) instanceof ParsedRequest.Accepted accepted ? accepted.records().size() : 0;
    }

    private static long predicted(ScoreRequestParser parser, FeatureExtractor extractor, ScoringModel model,
                                  ConsumerRecord<byte[], byte[]> request) {
        if (!(parser.parse(request) instanceof ParsedRequest.Accepted accepted)) {
            return 0;
        }
        long classes = 0;
        for (RequestRecord record : accepted.records()) {
            if (record instanceof RequestRecord.Decoded decoded
                    && extractor.extract(decoded.record(), request.timestamp(), request.partition(), request.offset(),
                            FeatureExtractor.LabelPolicy.IGNORED) instanceof Extraction.Accepted clean) {
                classes += model.score(clean.record()).probabilities().size();
            }
        }
        return classes;
    }

    /** Microseconds per customer of the fastest of {@value #ROUNDS} passes of {@code stage} over {@code batch}. */
    private static double fastestMicros(List<ConsumerRecord<byte[], byte[]>> batch, long customers,
                                        ToLongFunction<ConsumerRecord<byte[], byte[]>> stage) {
        long fastest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long started = System.nanoTime();
            long sink = 0;
            for (ConsumerRecord<byte[], byte[]> request : batch) {
                sink += stage.applyAsLong(request);
            }
            long elapsed = System.nanoTime() - started;
            if (sink == 0) {
                throw new IllegalStateException("a stage produced nothing; the requests are not what the pipeline reads");
            }
            fastest = Math.min(fastest, elapsed);
        }
        return fastest / 1e3 / customers;
    }
}
