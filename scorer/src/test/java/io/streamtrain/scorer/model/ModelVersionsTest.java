package io.streamtrain.scorer.model;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.ModelSigning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ModelVersionsTest {

    private static final String HISTORY = PIPELINE + ".model-history";

    private final Map<Long, ConsumerRecord<String, byte[]>> history = new HashMap<>();
    private final List<Long> reads = new ArrayList<>();
    private final List<Long> loads = new ArrayList<>();
    private final ModelVersions versions = new ModelVersions(SPEC, ModelSigning.VERIFIER, (envelope, pipeline) -> {
        loads.add(envelope.getVersion());
        return new FakeModel(envelope, "stay");
    }, PIPELINE, version -> {
        reads.add(version);
        return Optional.ofNullable(history.get(version));
    });

    @Test
    void shouldLoadASignedVersionOnceAndKeepTheMostRecentlyUsedOnes() {
        for (long version = 1; version <= ModelVersions.CACHED + 1; version++) {
            history.put(version, stored(ModelSigning.signed(HISTORY, PIPELINE + ":" + version, envelope(version))));
        }

        for (long version = 1; version <= ModelVersions.CACHED; version++) {
            assertThat(found(versions.find(version)).version()).isEqualTo(version);
        }
        found(versions.find(1));
        found(versions.find(ModelVersions.CACHED + 1));
        found(versions.find(1));
        found(versions.find(2));

        // 1 was used again before the fifth version came in, so 2, the least recently used, made room for it.
        assertThat(loads).containsExactly(1L, 2L, 3L, 4L, 5L, 2L);
    }

    @Test
    void shouldTellAnUnknownVersionFromARefusedOne() {
        ModelEnvelope unsigned = envelope(2);
        history.put(2L, stored(new ProducerRecord<>(HISTORY, null, AvroMessageCodec.of(ModelEnvelope.class).encode(unsigned))));
        history.put(3L, stored(ModelSigning.signed(HISTORY, PIPELINE + ":3", envelope(4))));

        assertThat(versions.find(1)).isInstanceOf(ModelVersions.Lookup.Unknown.class);
        assertThat(versions.find(2)).isInstanceOfSatisfying(ModelVersions.Lookup.Refused.class,
                refused -> assertThat(refused.reason()).isNotBlank());
        assertThat(versions.find(3)).isEqualTo(new ModelVersions.Lookup.Refused("the history's record of version 3 holds version 4"));
        assertThat(versions.find(2)).as("a refusal is not remembered").isInstanceOf(ModelVersions.Lookup.Refused.class);
        assertThat(reads).containsExactly(1L, 2L, 3L, 2L);
        assertThat(loads).isEmpty();
    }

    private static ScoringModel found(ModelVersions.Lookup lookup) {
        assertThat(lookup).isInstanceOf(ModelVersions.Lookup.Found.class);
        return ((ModelVersions.Lookup.Found) lookup).model();
    }

    private static ConsumerRecord<String, byte[]> stored(ProducerRecord<byte[], byte[]> sent) {
        return new ConsumerRecord<>(HISTORY, 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1,
                sent.key() == null ? null : new String(sent.key()), sent.value(), new RecordHeaders(sent.headers().toArray()),
                Optional.empty());
    }
}
