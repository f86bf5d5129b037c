package io.streamtrain.scorer.serve;

import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.trial.ModelTrial;
import java.util.Objects;
import java.util.Optional;

/**
 * The models one scoring batch uses, read once when the batch starts: the champion and, during a trial, the
 * challenger. A request is answered by one of them and, during a trial, scored by the other as well, so both
 * models are compared on the same requests.
 */
public record ServedModels(ScoringModel champion, Optional<ModelTrial> trial) {

    public ServedModels {
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(trial, "trial");
    }

    /** The champion alone, outside a trial. */
    public static ServedModels championOnly(ScoringModel champion) {
        return new ServedModels(champion, Optional.empty());
    }

    /** The model whose predictions answer the request with this id. */
    ScoringModel answering(String requestId) {
        return trial.filter(t -> t.challengerAnswers(requestId)).map(ModelTrial::challenger).orElse(champion);
    }

    /** The model that scores the request as well, into the shadow predictions; empty outside a trial. */
    Optional<ScoringModel> shadowing(String requestId) {
        return trial.map(t -> t.challengerAnswers(requestId) ? champion : t.challenger());
    }
}
