package io.streamtrain.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.PromotionStatus;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The registry's version statuses over REST in the dashboard's words, not the gate's. */
class RegistryStatusWordsTest {

    private static final OptionalLong NONE = OptionalLong.empty();

    @Test
    void shouldNameVersionsAsTheDashboardDoes() {
        OptionalLong current = OptionalLong.of(3);

        assertThat(RegistryAdmin.statusWord(3, PromotionStatus.PROMOTED, current, NONE)).isEqualTo("champion");
        assertThat(RegistryAdmin.statusWord(3, PromotionStatus.PROMOTED, current, OptionalLong.of(3))).isEqualTo("pinned");
        assertThat(RegistryAdmin.statusWord(2, PromotionStatus.PROMOTED, current, NONE)).isEqualTo("superseded");
        assertThat(RegistryAdmin.statusWord(5, PromotionStatus.PROMOTED, current, NONE)).as("after a rollback to 3").isEqualTo("rolled back");
        assertThat(RegistryAdmin.statusWord(4, PromotionStatus.REJECTED, current, NONE)).isEqualTo("rejected");
        assertThat(RegistryAdmin.statusWord(4, PromotionStatus.HELD, current, NONE)).isEqualTo("held");
        assertThat(RegistryAdmin.statusWord(6, PromotionStatus.BACKFILL, current, NONE)).isEqualTo("backfill");
        assertThat(RegistryAdmin.statusWord(1, PromotionStatus.PROMOTED, NONE, NONE)).isEqualTo("superseded");
    }
}
