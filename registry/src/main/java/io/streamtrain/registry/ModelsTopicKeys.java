package io.streamtrain.registry;

/**
 * The keys on the compacted {@code <p>.models} topic: the pipeline name holds the current model (an envelope),
 * {@code <pipeline>:pin} holds the pipeline's {@code ModelPin}, {@code <pipeline>:rollback} its last
 * {@code ModelRollback}, {@code <pipeline>:trial} the envelope of the challenger on trial (a tombstone once the trial is
 * decided), {@code <pipeline>:trial-end} an operator's last {@code TrialEnd}. Readers of the current model skip every
 * other key.
 */
public final class ModelsTopicKeys {

    private static final String PIN_SUFFIX = ":pin";
    private static final String ROLLBACK_SUFFIX = ":rollback";
    private static final String TRIAL_SUFFIX = ":trial";
    private static final String TRIAL_END_SUFFIX = ":trial-end";

    private ModelsTopicKeys() {
    }

    /** The key of {@code pipeline}'s current model. */
    public static String currentModel(String pipeline) {
        return pipeline;
    }

    /** The key of {@code pipeline}'s pin record. */
    public static String pin(String pipeline) {
        return pipeline + PIN_SUFFIX;
    }

    /** The key of {@code pipeline}'s last rollback record, which authorises the re-published version that follows it. */
    public static String rollback(String pipeline) {
        return pipeline + ROLLBACK_SUFFIX;
    }

    /** The key of {@code pipeline}'s challenger on trial: its envelope, gate status {@code TRIAL}, while the trial runs. */
    public static String trial(String pipeline) {
        return pipeline + TRIAL_SUFFIX;
    }

    /** The key of {@code pipeline}'s last early end of a trial by an operator, which the trainer carries out. */
    public static String trialEnd(String pipeline) {
        return pipeline + TRIAL_END_SUFFIX;
    }
}
