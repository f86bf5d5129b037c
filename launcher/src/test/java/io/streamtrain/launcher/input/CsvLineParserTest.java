package io.streamtrain.launcher.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvLineParserTest {

    @Test
    void shouldSplitPlainCellsKeepingEmptyOnes() {
        assertThat(CsvLineParser.cells("a,,c,")).containsExactly("a", "", "c", "");
    }

    @Test
    void shouldReadQuotedCellsWithCommasAndDoubledQuotes() {
        assertThat(CsvLineParser.cells("\"x, y\",\"say \"\"hi\"\"\",z")).containsExactly("x, y", "say \"hi\"", "z");
    }

    @Test
    void shouldRefuseAnUnterminatedQuote() {
        assertThatThrownBy(() -> CsvLineParser.cells("a,\"open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void shouldRefuseTextAfterAClosingQuote() {
        assertThatThrownBy(() -> CsvLineParser.cells("\"a\"b,c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after a closing quote");
    }
}
