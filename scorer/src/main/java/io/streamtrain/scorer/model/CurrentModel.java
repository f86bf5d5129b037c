package io.streamtrain.scorer.model;

import io.streamtrain.scorer.trial.ModelTrial;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model the scorer serves right now, held in one reference so a swap is atomic: a reader sees either
 * the old model or the new one, never a mix. Callers read {@link #current()} once per unit of work (a
 * batch of requests) and use that snapshot throughout, so a swap never changes the model under a batch.
 *
 * <p>During a trial it also holds the challenger ({@link #trial()}), in a reference of its own: a trial names the
 * champion it is tried against, so a reader that sees a champion and a trial of different champions (a promotion or
 * rollback between its two reads) serves the champion alone.
 */
public final class CurrentModel {

    private final AtomicReference<ScoringModel> current = new AtomicReference<>();
    private final AtomicReference<ModelTrial> trial = new AtomicReference<>();
    private final CompletableFuture<ScoringModel> first = new CompletableFuture<>();

    /** The model being served, or empty before the first model was installed. */
    public Optional<ScoringModel> current() {
        return Optional.ofNullable(current.get());
    }

    /**
     * Completes with the first model ever installed (at once if there is one). Each call returns a new
     * future, so a caller that completes or cancels its copy affects nobody else.
     */
    public CompletableFuture<ScoringModel> firstModel() {
        return first.copy();
    }

    /**
     * Makes {@code model} the current model. Only a fully loaded and verified model may be installed.
     *
     * @return the model it replaced, or empty if it is the first
     */
    Optional<ScoringModel> install(ScoringModel model) {
        Objects.requireNonNull(model, "model");
        ScoringModel previous = current.getAndSet(model);
        first.complete(model);
        return Optional.ofNullable(previous);
    }

    /** The challenger on trial, or empty outside a trial. */
    public Optional<ModelTrial> trial() {
        return Optional.ofNullable(trial.get());
    }

    /** Serves {@code challenger} beside the champion from now on. Only a fully loaded and verified model may be installed. */
    void installTrial(ModelTrial challenger) {
        trial.set(Objects.requireNonNull(challenger, "challenger"));
    }

    /** Ends the trial: the champion alone serves from now on. */
    void endTrial() {
        trial.set(null);
    }
}
