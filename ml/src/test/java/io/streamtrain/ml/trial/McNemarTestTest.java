package io.streamtrain.ml.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference p-values from scipy.stats ({@code binom.sf}, {@code norm.sf}). */
class McNemarTestTest {

    @Test
    void shouldUseTheExactBinomialTailForFewDiscordantRequests() {
        PairedTestResult result = McNemarTest.challengerWorse(7, 1);

        assertThat(result.test()).isEqualTo("mcnemar-exact");
        assertThat(result.pValue()).isCloseTo(0.03515625, within(1e-12)); // binom.sf(6, 8, 0.5)
        assertThat(McNemarTest.challengerWorse(12, 12).pValue()).isCloseTo(0.5805901288986206, within(1e-12)); // binom.sf(11, 24, 0.5)
    }

    @Test
    void shouldUseTheContinuityCorrectedNormalApproximationFromTwentyFiveDiscordantRequests() {
        PairedTestResult result = McNemarTest.challengerWorse(40, 20);

        assertThat(result.test()).isEqualTo("mcnemar-corrected");
        assertThat(result.statistic()).isCloseTo(19 / Math.sqrt(60), within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.007085694127006165, within(1e-9));
        // The approximation is close to the exact tail it stands for: binom.sf(39, 60, 0.5).
        assertThat(result.pValue()).isCloseTo(0.00674464686559593, within(0.001));
    }

    @Test
    void shouldFindNoEvidenceWhenTheChallengerIsBetterOrNoRequestIsDiscordant() {
        assertThat(McNemarTest.challengerWorse(0, 0).pValue()).isEqualTo(1.0);
        assertThat(McNemarTest.challengerWorse(0, 3).pValue()).isEqualTo(1.0);
        assertThat(McNemarTest.challengerWorse(100, 300).pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldRefuseNegativeCounts() {
        assertThatThrownBy(() -> McNemarTest.challengerWorse(-1, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b=-1");
    }
}
