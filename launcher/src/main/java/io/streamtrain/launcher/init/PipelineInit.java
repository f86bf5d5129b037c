package io.streamtrain.launcher.init;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.launcher.input.InputFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code streamtrain init}: profiles a sample file, drafts the pipeline and writes its schema and properties, then loads
 * them back exactly as {@code run} will, so a draft that would be refused at start-up is never left behind unnoticed.
 */
public final class PipelineInit {

    /** Rows read to infer the types. */
    public static final long SAMPLE_ROWS = 100_000;

    private PipelineInit() {
    }

    /** What was written. */
    public record Written(Path properties, Path schema, PipelineDraft draft) {

        /** The fields the model learns from: all but the id, the label, the event time and the excluded ones. */
        public int featureCount() {
            return draft.fields().size() - 2 - (draft.timeField().isEmpty() ? 0 : 1) - draft.excluded().size();
        }

        /** One line per decision, for the user. */
        public String summary() {
            return String.format(Locale.ROOT, "Wrote %s and %s for pipeline %s:%n  id:         %s%n  event time: %s%n  label:      %s (%s)%n"
                            + "  features:   %d%s%n", properties, schema, draft.name(), draft.idField(),
                    draft.timeField().isEmpty() ? "the Kafka record timestamp" : draft.timeField(), draft.labelField(), draft.task(),
                    featureCount(),
                    draft.excluded().isEmpty() ? "" : " (not used: " + String.join(", ", draft.excluded()) + ")");
        }
    }

    /**
     * @param name    the pipeline's name; null derives it from the file's name
     * @param replace whether to replace existing files
     */
    public static Written run(Path file, String label, String name, Path folder, boolean replace) throws IOException {
        InputFormat format = InputFormat.of(file);
        String pipeline = name != null ? name : nameOf(file);
        SampleFile sample = SampleFile.read(file, format, SAMPLE_ROWS);
        PipelineDraft draft = PipelineDraft.infer(pipeline, sample, label, column -> SampleFile.span(file, format, column, SAMPLE_ROWS));
        DraftFiles.write(draft, file, folder, replace);
        Path properties = folder.resolve(DraftFiles.propertiesFileName(draft));
        new PipelineConfig(ConfigSources.load(properties, Map.of()));
        return new Written(properties, folder.resolve(DraftFiles.schemaFileName(draft)), draft);
    }

    /** A pipeline name from a file name: {@code Telco Churn.csv} becomes {@code telco-churn}. */
    static String nameOf(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT);
        String name = base.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "pipeline" : name;
    }
}
