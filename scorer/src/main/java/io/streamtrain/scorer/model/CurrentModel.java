package io.streamtrain.scorer.model;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model the scorer serves right now, held in one reference so a swap is atomic: a reader sees either
 * the old model or the new one, never a mix. Callers read {@link #current()} once per unit of work (a
 * batch of requests) and use that snapshot throughout, so a swap never changes the model under a batch.
 */
public final class CurrentModel {

    private final AtomicReference<ScoringModel> current = new AtomicReference<>();
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
}
