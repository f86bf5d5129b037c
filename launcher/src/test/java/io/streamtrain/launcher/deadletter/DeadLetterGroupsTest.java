package io.streamtrain.launcher.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterGroupsTest {

    @Test
    void shouldGroupByReasonThenDetailWithCountsAndSamples() {
        DeadLetterGroups groups = new DeadLetterGroups(1);
        for (int i = 0; i < 3; i++) {
            groups.add("invalid", "field ts: expected a whole number, got \"1.79e+12\"", "s.records-0@" + i,
                    ("{\"ts\": \"1.79e+12\", \"n\": " + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        groups.add("undecodable", null, "s.records-0@3", new byte[] {(byte) 0xC3, 0x01, 0x00});

        StringWriter text = new StringWriter();
        groups.print(new PrintWriter(text, true));

        assertThat(groups.total()).isEqualTo(4);
        assertThat(groups.countsByReason()).containsEntry("invalid", 3L).containsEntry("undecodable", 1L);
        assertThat(text.toString()).isEqualTo("""
                invalid: 3
                  3 x field ts: expected a whole number, got "1.79e+12"
                      s.records-0@0: {"ts": "1.79e+12", "n": 0}
                undecodable: 1
                  1 x (no detail)
                      s.records-0@3: hex c30100
                """);
    }

    @Test
    void shouldCutLongValues() {
        assertThat(DeadLetterGroups.printable("x".repeat(500).getBytes(StandardCharsets.UTF_8)))
                .hasSize(DeadLetterGroups.MAX_SAMPLE_CHARS + 3).endsWith("...");
    }
}
