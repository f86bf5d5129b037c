package io.streamtrain.bench.fit;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.WindowCloseReason;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;

/**
 * A {@link SyntheticTable} as the trainer receives it: records of a user schema ({@code id}, {@code f0..f<n-1>},
 * an optional {@code label} string and an optional {@code target} number) cleaned by the pipeline's
 * {@link FeatureExtractor} into one micro-batch.
 */
public final class SyntheticBatches {

    public static final String CLASS_LABEL = "label";
    public static final String REGRESSION_TARGET = "target";
    private static final Instant WINDOW_START = Instant.parse("2025-01-01T00:00:00Z");

    private final Schema schema;
    private final Path schemaFile;

    private SyntheticBatches(Schema schema, Path schemaFile) {
        this.schema = schema;
        this.schemaFile = schemaFile;
    }

    /** Writes the schema of a {@code features}-wide table into {@code directory}. */
    public static SyntheticBatches forFeatures(int features, Path directory) throws IOException {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("SyntheticRow").namespace("io.streamtrain.bench")
                .fields().requiredString("id");
        for (int j = 0; j < features; j++) {
            fields = fields.requiredDouble("f" + j);
        }
        Schema schema = fields.optionalString(CLASS_LABEL).optionalDouble(REGRESSION_TARGET).endRecord();
        Path file = directory.resolve("synthetic-row.avsc");
        Files.writeString(file, schema.toString(true));
        return new SyntheticBatches(schema, file);
    }

    /** The schema file, for a pipeline's {@code input.schema}. */
    public Path schemaFile() {
        return schemaFile;
    }

    /** The pipeline reading the table with {@code labelField} as label and the {@code f} columns as features. */
    public PipelineConfig pipeline(String labelField) {
        List<String> features = schema.getFields().stream().map(Schema.Field::name).filter(name -> name.startsWith("f")).toList();
        return new PipelineConfig(Map.of(
                PipelineConfig.PIPELINE_NAME_CONFIG, "fit-bench",
                PipelineConfig.INPUT_SCHEMA_CONFIG, schemaFile.toString(),
                PipelineConfig.INPUT_TIMESTAMP_FIELD_CONFIG, "",
                PipelineConfig.LABEL_FIELD_CONFIG, labelField,
                PipelineConfig.FEATURE_FIELDS_CONFIG, String.join(",", features)));
    }

    /** The whole table as one batch of {@code pipeline}, trained with {@code settings}. */
    public TrainingRequest request(PipelineConfig pipeline, TrainingSettings settings, SyntheticTable table) {
        FeatureExtractor extractor = new FeatureExtractor(pipeline.featureSpec());
        List<CleanRecord> records = new ArrayList<>(table.rows());
        for (int row = 0; row < table.rows(); row++) {
            GenericData.Record record = new GenericData.Record(schema);
            record.put("id", table.ids()[row]);
            for (int j = 0; j < table.features(); j++) {
                record.put(j + 1, table.values()[row][j]);
            }
            record.put(CLASS_LABEL, table.labels()[row]);
            record.put(REGRESSION_TARGET, table.targets()[row]);
            Extraction extraction = extractor.extract(record, WINDOW_START.toEpochMilli(), 0, row, FeatureExtractor.LabelPolicy.REQUIRED);
            if (!(extraction instanceof Extraction.Accepted accepted)) {
                throw new IllegalStateException("the pipeline refuses synthetic row " + row + ": " + extraction);
            }
            records.add(accepted.record());
        }
        BatchManifest manifest = BatchManifest.newBuilder()
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plusSeconds(60))
                .setCloseReason(WindowCloseReason.MAX_RECORDS)
                .setRecordCount(records.size())
                .setChunkCount(1)
                .setFeatureNames(pipeline.featureSpec().featureNames())
                .setSourceTopic(pipeline.topics().records())
                .setSourceRanges(List.of(new OffsetRange(0, 0L, (long) records.size() - 1, (long) records.size())))
                .setClosedAt(WINDOW_START.plusSeconds(60))
                .build();
        return new TrainingRequest(pipeline.pipelineName(), 1, pipeline.featureSpec(), settings,
                "fit-bench-" + table.rows(), manifest, records);
    }
}
