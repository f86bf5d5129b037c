package io.streamtrain.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import java.security.KeyPair;
import io.streamtrain.trainer.FakeTrainer;
import io.streamtrain.trainer.TestBatches;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelPublisherTest {

    private static final PipelineTopics TOPICS = PipelineTopics.defaultsFor("churn");
    private static final TopicPartition BATCHES = new TopicPartition(TOPICS.batches(), 0);
    private static final BatchOffsets OFFSETS = new BatchOffsets(Map.of(BATCHES, new OffsetAndMetadata(13)),
            new ConsumerGroupMetadata("streamtrain-churn-trainer", 1, "member-1", Optional.empty()));

    private static final KeyPair KEYS = Ed25519Keys.generate();

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final PipelineEvents events = new PipelineEvents("churn", "trainer");
    private final ModelEnvelope envelope = FakeTrainer.envelope(TestBatches.request("churn", 3, "b-3", 60));
    private ModelPublisher publisher;

    @BeforeEach
    void initialize() {
        publisher = new ModelPublisher(producer, TOPICS, "churn", 1_000_000, ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic()));
        publisher.initialize();
    }

    @Test
    void shouldPublishModelToBothTopicsWithItsEventAndOffsetsInOneCommittedTransaction() {
        publisher.publishModel(envelope, event(EventType.MODEL_PUBLISHED), OFFSETS);

        assertThat(producer.commitCount()).isEqualTo(1);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic, ProducerRecord::key).containsExactly(
                tuple("churn.models", "churn"),
                tuple("churn.model-history", "churn:0000000000000000003"),
                tuple("churn.events", "churn"));
        assertThat(AvroMessageCodec.of(ModelEnvelope.class).decode(sent.get(1).value())).isEqualTo(envelope);
        assertThat(sent.get(0).value()).isEqualTo(sent.get(1).value());
        assertThatCode(() -> ModelVerifier.ed25519(KEYS.getPublic()).verify(sent.get(0).value(), sent.get(0).headers()))
                .doesNotThrowAnyException();
        assertThat(sent.get(1).headers().toArray()).isEqualTo(sent.get(0).headers().toArray());
        assertThat(producer.consumerGroupOffsetsHistory())
                .containsExactly(Map.of("streamtrain-churn-trainer", Map.of(BATCHES, new OffsetAndMetadata(13))));
    }

    @Test
    void shouldRecordASkipAsAnEventAndOffsetsInOneTransaction() {
        publisher.recordSkip(event(EventType.BATCH_SKIPPED), OFFSETS);

        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("churn.events");
        assertThat(producer.sentOffsets()).isTrue();
    }

    @Test
    void shouldAbortAndReportARecoverableFailure() {
        producer.commitTransactionException = new KafkaException("broker went away");

        assertThatThrownBy(() -> publisher.publishModel(envelope, event(EventType.MODEL_PUBLISHED), OFFSETS))
                .isInstanceOf(PublishAbortedException.class)
                .hasMessageContaining("model version 3");
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldReportBeingFencedAsFatal() {
        producer.fenceProducer();

        assertThatThrownBy(() -> publisher.publishModel(envelope, event(EventType.MODEL_PUBLISHED), OFFSETS))
                .isInstanceOfSatisfying(PublisherFailedException.class, e -> assertThat(e.fenced()).isTrue());
    }

    @Test
    void shouldRefuseAnEnvelopeOverTheLimitBeforeStartingATransaction() {
        ModelPublisher strict = new ModelPublisher(producer, TOPICS, "churn", 100, ModelSigner.unsigned());

        assertThatThrownBy(() -> strict.publishModel(envelope, event(EventType.MODEL_PUBLISHED), OFFSETS))
                .isInstanceOf(ModelTooLargeException.class)
                .hasMessageContaining("over the limit of 100 bytes");
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldTurnABrokerRefusalOfTheSizeIntoModelTooLarge() {
        producer.commitTransactionException = new KafkaException("send failed", new RecordTooLargeException("too big"));

        assertThatThrownBy(() -> publisher.publishModel(envelope, event(EventType.MODEL_PUBLISHED), OFFSETS))
                .isInstanceOf(ModelTooLargeException.class)
                .hasMessageContaining("too big");
        assertThat(producer.transactionAborted()).isTrue();
    }

    @Test
    void shouldRefuseAnEnvelopeOfAnotherPipeline() {
        ModelEnvelope other = FakeTrainer.envelope(TestBatches.request("other", 1, "b", 60));

        assertThatThrownBy(() -> publisher.publishModel(other, event(EventType.MODEL_PUBLISHED), OFFSETS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private PipelineEvent event(EventType type) {
        return events.event(type, "test", Map.of());
    }
}
