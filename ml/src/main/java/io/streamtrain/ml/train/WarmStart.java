package io.streamtrain.ml.train;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.ml.model.LoadedModel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model a fit may start from: the champion, when warm starts are on, it was fitted on the same features, and it
 * knows the same classes and input width as the new fit. Its weights are then a point near the new optimum; the fit's
 * own convergence test still decides where it stops, so a warm start changes the number of iterations, not what the
 * model is fitted to. Only logistic regression uses a starting point ({@link io.streamtrain.ml.algorithm.ModelFitter}).
 */
public final class WarmStart {

    private static final WarmStart NONE = new WarmStart(Optional.empty(), List.of());

    private final Optional<LoadedModel> champion;
    private final List<FeatureDefinition> features;

    private WarmStart(Optional<LoadedModel> champion, List<FeatureDefinition> features) {
        this.champion = champion;
        this.features = List.copyOf(features);
    }

    /** Every fit starts from scratch. */
    public static WarmStart none() {
        return NONE;
    }

    /** Fits on {@code features} may start from {@code champion}. */
    public static WarmStart from(LoadedModel champion, List<FeatureDefinition> features) {
        return new WarmStart(Optional.of(Objects.requireNonNull(champion, "champion")), features);
    }

    /**
     * The champion's fitted model when it was fitted on this start's features with exactly {@code classes} (by model
     * class index) and {@code width}-wide inputs; empty otherwise, and the fit starts from scratch.
     */
    Optional<Object> modelFor(List<String> classes, int width) {
        return champion.filter(c -> c.envelope().getFeatureSchema().getFeatures().equals(features)
                        && c.classes().equals(classes) && c.inputWidth() == width)
                .map(LoadedModel::model);
    }
}
