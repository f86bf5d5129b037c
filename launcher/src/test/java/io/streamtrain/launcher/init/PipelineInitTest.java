package io.streamtrain.launcher.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.FeatureField;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineInitTest {

    @TempDir
    Path folder;

    @Test
    void shouldInferTypesIdTimeAndTaskFromACsvFile() throws IOException {
        List<String> lines = new ArrayList<>(List.of("customerId,signedUp,tenure,spend,premium,plan,note,churned"));
        for (int i = 0; i < 40; i++) {
            lines.add("c-" + i + ",2026-01-0" + (1 + i % 9) + "T10:00:00Z," + i + "," + (i * 1.5) + "," + (i % 2 == 0) + ","
                    + (i % 3 == 0 ? "basic" : "gold") + ",free text " + i + "," + (i % 4 == 0 ? "yes" : "no"));
        }
        lines.add("c-40,2026-01-02T10:00:00Z,,2.5,,gold,x,no");
        Path csv = Files.write(folder.resolve("Telco Churn.csv"), lines);

        PipelineInit.Written written = PipelineInit.run(csv, "churned", null, folder.resolve("out"), false);

        assertThat(written.properties()).isEqualTo(folder.resolve("out").resolve("telco-churn.properties"));
        PipelineConfig pipeline = new PipelineConfig(ConfigSources.load(written.properties(), Map.of()));
        assertThat(pipeline.pipelineName()).isEqualTo("telco-churn");
        assertThat(pipeline.featureSpec().idField()).isEqualTo("customerId");
        assertThat(pipeline.featureSpec().timestampField()).isEqualTo("signedUp");
        assertThat(pipeline.featureSpec().labelField()).isEqualTo("churned");
        assertThat(pipeline.featureSpec().features()).extracting(FeatureField::name).containsExactly("tenure", "spend", "premium", "plan");
        Schema schema = pipeline.inputSchema();
        assertThat(schema.getField("tenure").schema().toString()).isEqualTo("[\"null\",\"long\"]");
        assertThat(schema.getField("spend").schema().getType()).isEqualTo(Schema.Type.DOUBLE);
        assertThat(schema.getField("signedUp").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(schema.getField("churned").schema().toString()).isEqualTo("[\"null\",\"string\"]");
        assertThat(schema.getField("plan").doc()).contains("categorical");
        assertThat(Files.readString(written.properties())).contains("task=classification").contains("The task: the label churned has 2 classes: no, yes")
                .contains("feature.fields.exclude=note");
        assertThat(written.summary()).contains("id:         customerId").contains("label:      churned (classification)")
                .contains("features:   4 (not used: note)");
    }

    @Test
    void shouldGenerateAnIdAndUseTheKafkaTimestampWhenTheFileHasNeither() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("{\"rooms\": " + (i % 5) + ", \"area\": " + (50 + i * 3.7) + ", \"price\": " + (100_000 + i * 1234.5) + "}");
        }
        Path jsonl = Files.write(folder.resolve("houses.jsonl"), lines);

        PipelineInit.Written written = PipelineInit.run(jsonl, "price", "homes", folder, false);

        PipelineConfig pipeline = new PipelineConfig(ConfigSources.load(written.properties(), Map.of()));
        assertThat(pipeline.featureSpec().idField()).isEqualTo("id");
        assertThat(pipeline.inputSchema().getField("id").doc()).contains("generated");
        assertThat(pipeline.featureSpec().timestampField()).isEmpty();
        assertThat(written.featureCount()).isEqualTo(pipeline.featureSpec().features().size()).isEqualTo(2);
        assertThat(Files.readString(written.properties())).contains("task=regression").contains("input.timestamp.field=\n")
                .contains("Kafka record timestamp");
    }

    @Test
    void shouldNameTheColumnsWhenTheLabelIsNotOne() throws IOException {
        Path csv = Files.writeString(folder.resolve("a.csv"), "x,y\n1,2\n");

        assertThatThrownBy(() -> PipelineInit.run(csv, "z", null, folder, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--label z is not a column of " + csv + "; its columns are [x, y]");
    }

    @Test
    void shouldNeverReplaceFilesUnlessForced() throws IOException {
        Path csv = Files.writeString(folder.resolve("a.csv"), "x,y\n1,2\n3,4\n");
        PipelineInit.run(csv, "y", null, folder, false);

        assertThatThrownBy(() -> PipelineInit.run(csv, "y", null, folder, false))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--force");
        PipelineInit.run(csv, "y", null, folder, true);
    }
}
