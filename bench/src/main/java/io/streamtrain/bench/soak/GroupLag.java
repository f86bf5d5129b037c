package io.streamtrain.bench.soak;

import io.streamtrain.bench.kafka.TopicOffsets;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on one topic: the log-end offsets less the group's committed offsets, summed over the
 * partitions. On transactional topics the end includes the last commit marker, so an idle group shows a lag of a
 * few records.
 */
public final class GroupLag {

    private final Admin admin;

    public GroupLag(Admin admin) {
        this.admin = admin;
    }

    public long of(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed = TopicOffsets.committed(admin, group);
        long lag = 0;
        for (var end : TopicOffsets.endOffsets(admin, topic).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    /** Records of {@code topic} the group has committed, summed over partitions. */
    public long committed(String group, String topic) {
        return TopicOffsets.committed(admin, group).entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                .mapToLong(entry -> entry.getValue().offset()).sum();
    }
}
