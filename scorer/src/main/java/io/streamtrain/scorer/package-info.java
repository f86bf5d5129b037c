/**
 * The scoring service: {@link io.streamtrain.scorer.ScorerService}, configured by
 * {@link io.streamtrain.scorer.ScorerConfig}, keeps the latest model of a pipeline hot-swapped and scores the
 * score-requests topic into the predictions topic exactly once.
 */
package io.streamtrain.scorer;
