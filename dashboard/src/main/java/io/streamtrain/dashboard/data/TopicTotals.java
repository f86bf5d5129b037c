package io.streamtrain.dashboard.data;

import java.util.Map;

/**
 * One sample of a pipeline's topics: how many messages each holds in total (end offsets summed over partitions) and
 * how far each consumer group reading them lags behind.
 *
 * @param records     messages written to the input topic
 * @param deadLetters messages written to the dead-letter topic
 * @param predictions offsets of the predictions topic; transactional writes also count their commit markers
 * @param lagByGroup  consumer group id to the messages it has not yet committed on the pipeline's topics
 * @param sampledAt   epoch milliseconds
 */
public record TopicTotals(long records, long deadLetters, long predictions, Map<String, Long> lagByGroup, long sampledAt) {

    public TopicTotals {
        lagByGroup = Map.copyOf(lagByGroup);
        if (records < 0 || deadLetters < 0 || predictions < 0) {
            throw new IllegalArgumentException("totals cannot be negative: " + records + ", " + deadLetters + ", " + predictions);
        }
    }
}
