package io.streamtrain.trainer;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.ml.gate.ChampionScore;
import io.streamtrain.ml.gate.PromotionGate;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.train.ChampionEvaluation;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.trainer.champion.ChampionTracker;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains with another {@link ModelTrainer}, then measures the current champion on the new model's test split and
 * records the {@link PromotionGate}'s decision, with both scores, in the envelope. Whether the model is then
 * published as current is the trainer loop's business (it also honours a pin).
 */
final class GatedTrainer implements ModelTrainer {

    private final ModelTrainer trainer;
    private final PromotionGate gate;
    private final ChampionTracker champions;

    GatedTrainer(ModelTrainer trainer, PromotionGate gate, ChampionTracker champions) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.champions = Objects.requireNonNull(champions, "champions");
    }

    @Override
    public TrainingOutcome train(TrainingRequest request) throws Exception {
        TrainingOutcome outcome = trainer.train(request);
        if (!(outcome instanceof TrainingOutcome.Trained(ModelEnvelope envelope)) || envelope == null) {
            return outcome;
        }
        Optional<ChampionScore> champion = gate.enabled() ? championScore(request, envelope) : Optional.empty();
        PromotionDecision decision = gate.decide(envelope.getMetrics(), champion);
        return new TrainingOutcome.Trained(ModelEnvelope.newBuilder(envelope).setPromotion(decision).build());
    }

    private Optional<ChampionScore> championScore(TrainingRequest request, ModelEnvelope challenger) {
        Optional<LoadedModel> champion = champions.champion();
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        LoadedModel model = champion.get();
        return Optional.of(ChampionEvaluation.metrics(model, request, challenger.getFeatureSchema().getClasses())
                .map(metrics -> new ChampionScore(model.version(), metrics))
                .orElseGet(() -> new ChampionScore(model.version(), Map.of())));
    }
}
