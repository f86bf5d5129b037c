package io.streamtrain.scorer.serve;

import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.trial.ModelTrial;
import java.util.Objects;
import java.util.Optional;

/**
 * The models one scoring batch uses, read once when the batch starts: the champion and, during a trial, the
 * challenger. During a trial, a request the challenger answers (canary) or could answer (shadow) is scored by
 * both models, so they are compared on the same requests.
 */
public record ServedModels(ScoringModel champion, Optional<ModelTrial> trial) {

    public ServedModels {
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(trial, "trial");
    }

    /**
     * What {@code current} serves now: its champion and, when a trial against that champion is in force, the
     * challenger; empty before the first model.
     */
    public static Optional<ServedModels> of(CurrentModel current) {
        return current.current().map(champion -> new ServedModels(champion,
                current.trial().filter(trial -> trial.triedAgainst(champion.version()))));
    }

    /** The champion alone, outside a trial. */
    public static ServedModels championOnly(ScoringModel champion) {
        return new ServedModels(champion, Optional.empty());
    }

    /** The model whose predictions answer the request with this id. */
    ScoringModel answering(String requestId) {
        return trial.filter(t -> t.challengerAnswers(requestId)).map(ModelTrial::challenger).orElse(champion);
    }

    /**
     * The model that scores the request as well, into the shadow predictions: in shadow the challenger, for every
     * request; in canary the champion, for the requests the challenger answers (the others are the champion's alone);
     * empty outside a trial.
     */
    Optional<ScoringModel> shadowing(String requestId) {
        return trial.flatMap(t -> {
            if (t.canary().isEmpty()) {
                return Optional.of(t.challenger());
            }
            return t.challengerAnswers(requestId) ? Optional.of(champion) : Optional.empty();
        });
    }
}
