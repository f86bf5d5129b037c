package io.streamtrain.streams.internal.window;

/**
 * What the windower knows about the stream as a whole.
 *
 * @param streamTime             the event-time watermark windows close on (see {@link SourcePartitionClocks}); it
 *                               never goes back; {@code Long.MIN_VALUE} before the first record
 * @param deadLetteredSinceClose records dead-lettered (refused by validation or late) since the last window closed
 */
record StreamProgress(long streamTime, long deadLetteredSinceClose) {

    static final StreamProgress INITIAL = new StreamProgress(Long.MIN_VALUE, 0);

    StreamProgress {
        if (deadLetteredSinceClose < 0) {
            throw new IllegalArgumentException("dead-letter count must not be negative, was " + deadLetteredSinceClose);
        }
    }

    StreamProgress advancedTo(long eventTime) {
        return eventTime > streamTime ? new StreamProgress(eventTime, deadLetteredSinceClose) : this;
    }

    StreamProgress plusDeadLettered() {
        return new StreamProgress(streamTime, deadLetteredSinceClose + 1);
    }

    StreamProgress afterWindowClosed() {
        return new StreamProgress(streamTime, 0);
    }
}
