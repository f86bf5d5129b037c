package io.streamtrain.core.learning;

import io.streamtrain.messages.Task;
import java.util.List;

/** The learning algorithms a pipeline can name in {@code model.algorithm}, and which task each serves. */
public final class Algorithms {

    public static final String LOGISTIC_REGRESSION = "logistic-regression";
    public static final String LINEAR_REGRESSION = "linear-regression";
    public static final String RANDOM_FOREST = "random-forest";
    public static final String GRADIENT_BOOSTED_TREES = "gradient-boosted-trees";

    /** Every algorithm name. */
    public static final List<String> NAMES = List.of(LOGISTIC_REGRESSION, LINEAR_REGRESSION, RANDOM_FOREST, GRADIENT_BOOSTED_TREES);

    private Algorithms() {
    }

    /** The algorithms that serve {@code task}; the first is its default. */
    public static List<String> forTask(Task task) {
        return task == Task.REGRESSION
                ? List.of(LINEAR_REGRESSION, RANDOM_FOREST, GRADIENT_BOOSTED_TREES)
                : List.of(LOGISTIC_REGRESSION, RANDOM_FOREST, GRADIENT_BOOSTED_TREES);
    }

    /**
     * {@code configured}, or the task's default when it is blank.
     *
     * @throws IllegalArgumentException when the algorithm does not serve the task, naming the ones that do
     */
    public static String resolve(Task task, String configured) {
        if (configured == null || configured.isBlank()) {
            return forTask(task).getFirst();
        }
        if (!forTask(task).contains(configured)) {
            throw new IllegalArgumentException("algorithm " + configured + " does not serve task " + task.name().toLowerCase()
                    + "; for " + task.name().toLowerCase() + " use one of " + forTask(task));
        }
        return configured;
    }
}
