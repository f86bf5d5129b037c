package io.streamtrain.core.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.transactions.TransactionErrorPolicy.Action;
import io.streamtrain.core.transactions.TransactionErrorPolicy.Verdict;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionErrorPolicyTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new ProducerFencedException("fenced"), Action.STOP),
                Arguments.of(new FencedInstanceIdException("same group instance id"), Action.STOP),
                Arguments.of(new SaslAuthenticationException("bad password"), Action.STOP),
                Arguments.of(new TransactionalIdAuthorizationException("no write on the transactional id"), Action.STOP),
                Arguments.of(new GroupAuthorizationException("no read on the group"), Action.STOP),
                Arguments.of(new UnsupportedVersionException("old broker"), Action.STOP),
                Arguments.of(new IllegalStateException("commit without a transaction"), Action.STOP),
                Arguments.of(new OutOfOrderSequenceException("gap"), Action.REPLACE_CLIENTS),
                Arguments.of(new UnknownProducerIdException("producer id expired"), Action.REPLACE_CLIENTS),
                Arguments.of(new InvalidProducerEpochException("epoch"), Action.REPLACE_CLIENTS),
                Arguments.of(new InvalidPidMappingException("mapping"), Action.REPLACE_CLIENTS),
                Arguments.of(new TimeoutException("broker away"), Action.ABORT_AND_RETRY),
                Arguments.of(new TransactionAbortableException("abortable"), Action.ABORT_AND_RETRY),
                Arguments.of(new CommitFailedException("rebalanced meanwhile"), Action.ABORT_AND_RETRY),
                Arguments.of(new KafkaException("anything else"), Action.ABORT_AND_RETRY));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void shouldClassifyAnErrorAndTheSameErrorWrappedAlike(Throwable error, Action expected) {
        Verdict direct = TransactionErrorPolicy.classify(error);
        KafkaException wrapper = new KafkaException("the producer says", error);
        Verdict wrapped = TransactionErrorPolicy.classify(wrapper);

        assertThat(direct.action()).isEqualTo(expected);
        assertThat(direct.cause()).isSameAs(error);
        assertThat(wrapped.action()).isEqualTo(expected);
        assertThat(wrapped.cause()).as("the error that decided, for the logs").isSameAs(
                expected == Action.ABORT_AND_RETRY ? wrapper : error);
    }

    @Test
    void shouldLetAReasonToStopAnywhereInTheChainWinOverAReasonToReplaceTheClients() {
        ProducerFencedException fenced = new ProducerFencedException("fenced");
        Throwable gap = new OutOfOrderSequenceException("gap").initCause(fenced);
        Verdict verdict = TransactionErrorPolicy.classify(gap);

        assertThat(verdict.action()).isEqualTo(Action.STOP);
        assertThat(verdict.cause()).isSameAs(fenced);
        assertThat(verdict.fenced()).isTrue();
    }

    @Test
    void shouldTellFencingFromOtherReasonsToStop() {
        assertThat(TransactionErrorPolicy.classify(new ProducerFencedException("fenced")).fenced()).isTrue();
        assertThat(TransactionErrorPolicy.classify(new SaslAuthenticationException("bad password")).fenced()).isFalse();
    }
}
