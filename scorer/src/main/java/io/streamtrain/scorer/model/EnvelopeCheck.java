package io.streamtrain.scorer.model;

import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * The checks of a model record that come before loading it: its signature is verified before anything reads its
 * bytes (see {@link ModelVerifier}), then its envelope is decoded and its features compared with the pipeline's.
 */
final class EnvelopeCheck {

    private static final AvroMessageCodec<ModelEnvelope> CODEC = AvroMessageCodec.of(ModelEnvelope.class);

    /** The outcome for one record. */
    sealed interface Checked {
        /** The record is a signed envelope of the pipeline's features. */
        record Valid(ModelEnvelope envelope) implements Checked {
        }

        /** The record must not be served; {@code version} is null when the envelope was not decoded. */
        record Invalid(Long version, String reason) implements Checked {
        }
    }

    private final List<FeatureDefinition> features;
    private final ModelVerifier verifier;

    EnvelopeCheck(List<FeatureDefinition> features, ModelVerifier verifier) {
        this.features = List.copyOf(features);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Checks the record's value; never throws for bad input. The value must not be null. */
    Checked check(ConsumerRecord<byte[], byte[]> record) {
        return check(record.value(), record.headers());
    }

    /** Checks a record's value with its headers (which carry the signature); never throws for bad input. */
    Checked check(byte[] value, Headers headers) {
        try {
            verifier.verify(value, headers);
        } catch (ModelRejectedException e) {
            return new Checked.Invalid(null, e.getMessage());
        }
        ModelEnvelope envelope;
        try {
            envelope = CODEC.decode(value);
        } catch (SerializationException e) {
            return new Checked.Invalid(null, "not a model envelope: " + e.getMessage());
        }
        if (!features.equals(envelope.getFeatureSchema().getFeatures())) {
            return new Checked.Invalid(envelope.getVersion(), "model features " + describe(envelope.getFeatureSchema().getFeatures())
                    + " differ from the pipeline's features " + describe(features));
        }
        return new Checked.Valid(envelope);
    }

    private static String describe(List<FeatureDefinition> definitions) {
        return definitions.stream().map(d -> d.getName() + ":" + d.getType()).toList().toString();
    }
}
