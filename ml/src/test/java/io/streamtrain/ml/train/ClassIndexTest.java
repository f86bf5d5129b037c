package io.streamtrain.ml.train;

import static io.streamtrain.ml.testing.Batches.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassIndexTest {

    @Test
    void shouldNameWholeNumberLabelsWithoutFraction() {
        assertThat(ClassIndex.nameOf(1.0)).isEqualTo("1");
        assertThat(ClassIndex.nameOf(0.0)).isEqualTo("0");
        assertThat(ClassIndex.nameOf(-0.0)).isEqualTo("0");
        assertThat(ClassIndex.nameOf(-3.0)).isEqualTo("-3");
    }

    @Test
    void shouldNameOtherLabelsByTheirText() {
        assertThat(ClassIndex.nameOf(2.5)).isEqualTo("2.5");
        assertThat(ClassIndex.nameOf(1e300)).isEqualTo("1.0E300");
        assertThat(ClassIndex.nameOf("churn")).isEqualTo("churn");
        assertThat(ClassIndex.nameOf(null)).isNull();
    }

    @Test
    void shouldIndexSortedDistinctClasses() {
        ClassIndex classes = ClassIndex.of(List.of(record("a", "stay"), record("b", "churn"), record("c", "stay"), record("d", null)));

        assertThat(classes.names()).containsExactly("churn", "stay");
        assertThat(classes.indexOf("stay")).isEqualTo(1);
        assertThat(classes.indexOf("unknown")).isEqualTo(ClassIndex.UNSEEN);
        assertThat(classes.indexOf(null)).isEqualTo(ClassIndex.UNSEEN);
    }

    @Test
    void shouldTreatNumericAndTextLabelsOfTheSameClassAlike() {
        ClassIndex classes = ClassIndex.of(List.of(record("a", 1.0), record("b", "0")));

        assertThat(classes.names()).containsExactly("0", "1");
        assertThat(classes.indexOf("1")).isEqualTo(classes.indexOf(1.0));
    }
}
