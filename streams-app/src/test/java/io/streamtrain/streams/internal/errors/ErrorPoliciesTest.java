package io.streamtrain.streams.internal.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.streams.IngestTopology;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class ErrorPoliciesTest {

    private static final Map<String, Object> CONFIGS = Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "churn.dlq");

    @Test
    void shouldDeadLetterRawRecordAndResumeWhenStatelessIngestNodeFails() {
        ProcessingErrorPolicy policy = new ProcessingErrorPolicy();
        policy.configure(CONFIGS);
        FakeErrorContext context = FakeErrorContext.at(IngestTopology.STATELESS_NODE_PREFIX + "validate", new byte[] {9, 9});

        ProcessingExceptionHandler.Response response = policy.handleError(context, new Record<>("k", "v", 0L), new IllegalStateException("bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.topic()).isEqualTo("churn.dlq");
            assertThat(deadLetter.key()).containsExactly(1);
            assertThat(deadLetter.value()).containsExactly(9, 9);
            assertThat(deadLetter.headers().lastHeader("trace-id")).isNotNull();
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.DETAIL)).contains("IllegalStateException: bug");
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
        });
    }

    @Test
    void shouldFailTaskWhenStatefulWindowerFails() {
        ProcessingErrorPolicy policy = new ProcessingErrorPolicy();
        policy.configure(CONFIGS);

        ProcessingExceptionHandler.Response response = policy.handleError(
                FakeErrorContext.at(IngestTopology.WINDOWER_NODE, new byte[] {1}), new Record<>("k", "v", 0L), new IllegalStateException("store"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldDeadLetterUndeserializableRecordAsReadAndResume() {
        DeserializationErrorPolicy policy = new DeserializationErrorPolicy();
        policy.configure(CONFIGS);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("app-window-input-repartition", 0, 5, new byte[] {3}, new byte[] {42, 1});

        DeserializationExceptionHandler.Response response = policy.handleError(
                FakeErrorContext.at("window-input-repartition-source", record.value()), record, new SerializationException("unknown tag"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.value()).containsExactly(42, 1);
            assertThat(DeadLetterHeaders.read(deadLetter.headers(), DeadLetterHeaders.REASON)).isEqualTo("undecodable");
        });
    }

    @Test
    void shouldRewriteDeadLetterTooLargeForTheTopicWithoutItsValue() {
        ProductionErrorPolicy policy = new ProductionErrorPolicy();
        policy.configure(CONFIGS);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, "oversized".getBytes());
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>("churn.dlq", null, new byte[] {1}, new byte[100], headers);

        ProductionExceptionHandler.Response response = policy.handleError(FakeErrorContext.at("ingest-dead-letter-sink", null),
                deadLetter, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(rewritten -> {
            assertThat(rewritten.value()).isNull();
            assertThat(DeadLetterHeaders.read(rewritten.headers(), DeadLetterHeaders.REASON)).isEqualTo("oversized");
            assertThat(DeadLetterHeaders.read(rewritten.headers(), DeadLetterHeaders.DETAIL)).contains("100 bytes dropped");
        });
    }

    @Test
    void shouldRetryRetriableAndFailOtherWriteErrors() {
        ProductionErrorPolicy policy = new ProductionErrorPolicy();
        policy.configure(CONFIGS);
        ProducerRecord<byte[], byte[]> chunk = new ProducerRecord<>("churn.batches", new byte[] {1}, new byte[] {2});
        FakeErrorContext context = FakeErrorContext.at(IngestTopology.WINDOWER_NODE, null);

        assertThat(policy.handleError(context, chunk, new NetworkException("down")).result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(policy.handleError(context, chunk, new RecordTooLargeException("big")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void shouldReplaceDeadStreamThreadAndCountReplacements() {
        ThreadReplacementPolicy policy = new ThreadReplacementPolicy("streams-app");

        assertThat(policy.handle(new IllegalStateException("boom"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.handle(new IllegalStateException("boom"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.replacements()).isEqualTo(2);
    }
}
