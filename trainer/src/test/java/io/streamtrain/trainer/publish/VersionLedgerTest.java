package io.streamtrain.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.FakeTrainer;
import io.streamtrain.trainer.TestBatches;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class VersionLedgerTest {

    private static final String TOPIC = "churn.model-history";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void shouldStartAtVersionOneOnAnEmptyHistory() {
        history(List.of());

        VersionLedger ledger = VersionLedger.read(consumer, TOPIC, "churn", TIMEOUT);

        assertThat(ledger.latestVersion()).isZero();
        assertThat(ledger.nextVersion()).isEqualTo(1);
    }

    @Test
    void shouldContinueAfterTheHighestVersionOfItsPipelineOnly() {
        history(List.of(
                record(0, key("churn", 1), null),
                record(1, key("other", 9), null),
                record(2, key("churn", 3), null),
                record(3, key("churn", 2), null)));

        assertThat(VersionLedger.read(consumer, TOPIC, "churn", TIMEOUT).nextVersion()).isEqualTo(4);
    }

    @Test
    void shouldReadTheVersionFromTheEnvelopeWhenTheKeyIsNotAHistoryKeyAndSkipWhatIsNeither() {
        byte[] envelope = AvroMessageCodec.of(ModelEnvelope.class).encode(envelopeOfVersion(7));
        history(List.of(
                record(0, key("churn", 2), null),
                record(1, "restored-by-hand", envelope),
                record(2, "junk", new byte[] {1, 2, 3})));

        assertThat(VersionLedger.read(consumer, TOPIC, "churn", TIMEOUT).latestVersion()).isEqualTo(7);
    }

    @Test
    void shouldFailClearlyWhenTheHistoryTopicDoesNotExist() {
        assertThatThrownBy(() -> VersionLedger.read(consumer, TOPIC, "churn", TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TOPIC).hasMessageContaining("does not exist");
    }

    @Test
    void shouldOnlyAcceptTheNextVersionAsPublished() {
        VersionLedger ledger = new VersionLedger("churn", 4);

        assertThatThrownBy(() -> ledger.published(4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ledger.published(6)).isInstanceOf(IllegalStateException.class);
        ledger.published(5);
        assertThat(ledger.nextVersion()).isEqualTo(6);
    }

    private void history(List<ConsumerRecord<String, byte[]>> records) {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) records.size()));
        // Records can only be added once read() has assigned the partition: add them on its first poll.
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
    }

    private static String key(String pipeline, long version) {
        return new ModelHistoryKey(pipeline, version).toString();
    }

    private static ModelEnvelope envelopeOfVersion(long version) {
        return FakeTrainer.envelope(TestBatches.request("churn", version, "b", 3));
    }
}
