package io.streamtrain.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CategoryIndexTest {

    @Test
    void shouldFindEveryNameWhenNamesShareLengthAndFirstAndLastCharacter() {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> "a" + (char) ('a' + i) + "z").toList();
        CategoryIndex index = new CategoryIndex(names);

        assertThat(IntStream.range(0, 20).map(i -> index.positionOf(new String(names.get(i).toCharArray()))))
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(index.positionOf("a-z")).isEqualTo(-1);
    }

    @Test
    void shouldAnswerMinusOneForUnknownAndEmptyNames() {
        CategoryIndex index = new CategoryIndex(List.of("month-to-month", "one year", "two year"));

        assertThat(index.positionOf("two year")).isEqualTo(2);
        assertThat(index.positionOf("three year")).isEqualTo(-1);
        assertThat(index.positionOf("")).isEqualTo(-1);
        assertThat(new CategoryIndex(List.of()).positionOf("x")).isEqualTo(-1);
    }
}
