package io.streamtrain.scorer.serve;

import static io.streamtrain.scorer.testing.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.core.requests.ScoreRequestParser;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.InputSchemas;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.model.VerifiedModel;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.TrainedModels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact bytes the topic path produces, pinned: real models trained on seeded demo data score a fixed mix of requests
 * (single objects, lists, wrappers, JSON with escapes and odd spacing, and bad input of every kind), and the digest of
 * every output's topic, key, value and headers must stay the one recorded before the scoring path was last optimised.
 * A change that moves one byte of a prediction or of a dead letter's reason fails here; the other tests say what.
 * A change to training moves the digest too (the forest's was recorded again when its trees began drawing on for a
 * split, and when their leaves began answering plain class shares; each time the scoring path was unchanged and the
 * logistic regression's digest the same).
 */
class PredictionBytesGoldenTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");

    @ParameterizedTest
    @CsvSource({
            "logistic-regression, 07120edba3322db11222bbc9b19107d7268d7ec58288603a6d0484cf08138a9a",
            "random-forest, 6f9ba11aa1ee3e96359c677cb1607c0923f2b76ee81edded333c7fe01db6fe1c"})
    void shouldProduceTheRecordedBytesForAFixedMixOfRequests(String algorithm, String digest) throws Exception {
        PipelineConfig config = new PipelineConfig(Map.of(PipelineConfig.PIPELINE_NAME_CONFIG, Fixtures.PIPELINE,
                PipelineConfig.MODEL_ALGORITHM_CONFIG, algorithm));
        ScoringModel model = new VerifiedModel(ModelLoader.load(TrainedModels.train(config, 3, 11), Fixtures.PIPELINE));
        RequestScorer scorer = new RequestScorer(new ScoreRequestParser(new InputRecordDecoder(InputSchemas.demo())),
                new FeatureExtractor(config.featureSpec()), PredictionFormat.JSON, Fixtures.PIPELINE, "predictions", "dlq",
                Clock.fixed(NOW, ZoneOffset.UTC));

        List<ProducerRecord<byte[], byte[]>> out = scorer.scoreAll(requests(), model);

        assertThat(out).hasSize(223);
        assertThat(digestOf(out)).isEqualTo(digest);
    }

    private static List<ConsumerRecord<byte[], byte[]>> requests() {
        List<DemoRecord> customers = DemoData.unlabelled("golden", 200, 5);
        List<ConsumerRecord<byte[], byte[]>> requests = new ArrayList<>();
        long offset = 0;
        for (DemoRecord customer : customers.subList(0, 190)) {
            requests.add(Fixtures.request("requests", offset++, offset % 7 == 0 ? null : "key-" + offset, DemoData.json(customer)));
        }
        requests.add(Fixtures.request("requests", offset++, "list", DemoData.array(customers.subList(190, 195))));
        requests.add(Fixtures.request("requests", offset++, "wrapper", DemoData.wrapper("w-\u00e9\"1", customers.subList(195, 200))));
        for (String odd : List.of(
                " {\"id\" : \"sp\\u00e9ce\", \"tenureMonths\" : 1.5e1, \"monthlySpend\":70.25,\"supportCalls\":2,\"premium\":true,\"usageHours\":3.25,\"region\":\"no\\\"rth\"}\n",
                "{\"region\":\"east\",\"supportCalls\":-0,\"monthlySpend\":1E2,\"tenureMonths\":0.000001,\"id\":\"reordered\"}",
                "{\"id\":\"unknown-fields\",\"extra\":[1,{\"a\":null}],\"tenureMonths\":3,\"monthlySpend\":null}",
                "{\"id\":\"nan\",\"tenureMonths\":\"NaN\",\"monthlySpend\":\"-Infinity\",\"supportCalls\":1}",
                "{\"id\":\"big\",\"tenureMonths\":123456789012345678901234567890,\"monthlySpend\":1.7976931348623157e308}",
                "{\"id\":\"utf8-\u00fc\",\"tenureMonths\":12.000000000000001,\"region\":\"s\u00fcd\"}")) {
            requests.add(Fixtures.request("requests", offset++, null, utf8(odd)));
        }
        for (String bad : List.of("", "not json", "{\"id\":\"a\",\"tenureMonths\":}", "{\"id\":\"a\"} {}", "[]", "42",
                "{\"id\":\"dup\",\"id\":\"dup2\",\"tenureMonths\":1}", "{\"id\":\"t\",\"tenureMonths\":\"x\"}",
                "{\"id\":\" \",\"tenureMonths\":1}", "{\"tenureMonths\":1}", "{\"id\":\"nothing\"}", "{\"id\":\"lead\",\"tenureMonths\":01}",
                "{\"id\":\"bool\",\"tenureMonths\":true}", "{\"id\":\"nested\",\"tenureMonths\":{\"a\":1}}",
                "[{\"id\":\"ok\",\"tenureMonths\":1},{\"id\":\"bad\",\"tenureMonths\":[1]}]",
                "{\"id\":\"trunc\",\"tenureMonths\":1")) {
            requests.add(Fixtures.request("requests", offset++, "bad-" + offset, utf8(bad)));
        }
        return requests;
    }

    private static String digestOf(List<ProducerRecord<byte[], byte[]>> out) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (ProducerRecord<byte[], byte[]> record : out) {
            sha.update(record.topic().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(record.key() == null ? new byte[] {1} : record.key());
            sha.update((byte) 0);
            sha.update(record.value() == null ? new byte[] {1} : record.value());
            for (Header header : record.headers()) {
                sha.update(header.key().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(header.value());
            }
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
