package io.streamtrain.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import smile.classification.LogisticRegression;

class JavaModelSerializationTest {

    private static final double[][] X = {{-2, 1}, {-1, 0}, {-1.5, 2}, {1, 0}, {2, 1}, {1.5, -1}, {0.5, 3}, {-0.5, -3}};

    @Test
    void shouldRoundTripBinomialAndMultinomialModels() throws Exception {
        LogisticRegression binomial = LogisticRegression.fit(X, new int[] {0, 0, 0, 1, 1, 1, 1, 0});
        LogisticRegression multinomial = LogisticRegression.fit(X, new int[] {0, 0, 1, 2, 2, 1, 1, 0});

        for (LogisticRegression model : List.of(binomial, multinomial)) {
            LogisticRegression read = (LogisticRegression) JavaModelSerialization.deserialize(JavaModelSerialization.serialize(model));
            double[] expected = new double[model.numClasses()];
            double[] actual = new double[model.numClasses()];
            assertThat(read.predict(X[2], actual)).isEqualTo(model.predict(X[2], expected));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseClassesOfJavaSubPackages() {
        assertThatThrownBy(() -> JavaModelSerialization.deserialize(JavaModelSerialization.serialize(new AtomicLong(1))))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("REJECTED");
    }

    @Test
    void shouldRefuseDeeplyNestedGraphs() {
        ArrayList<Object> outer = new ArrayList<>();
        ArrayList<Object> current = outer;
        for (int i = 0; i < 100; i++) {
            ArrayList<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }

        assertThatThrownBy(() -> JavaModelSerialization.deserialize(JavaModelSerialization.serialize(outer)))
                .isInstanceOf(InvalidClassException.class);
    }

    @Test
    void shouldAllowShallowJdkValues() throws Exception {
        assertThat(JavaModelSerialization.deserialize(JavaModelSerialization.serialize(new ArrayList<>(List.of(1, "a", 2.0)))))
                .isEqualTo(List.of(1, "a", 2.0));
    }
}
