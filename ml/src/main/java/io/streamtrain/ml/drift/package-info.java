/**
 * Distribution summaries for drift detection, shared by trainer and scorer: the trainer records each feature's
 * distribution on the train split and the predictions' distribution on the test split in the model envelope
 * ({@link DriftBaselines}); the scorer sorts live values into the same buckets ({@link BucketScheme}) and compares
 * with the population stability index ({@link PopulationStabilityIndex}).
 */
package io.streamtrain.ml.drift;
