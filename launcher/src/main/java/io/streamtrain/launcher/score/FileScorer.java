package io.streamtrain.launcher.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.launcher.input.InputFormat;
import io.streamtrain.launcher.input.RecordLines;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.scorer.serve.RecordPredictor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * Scores every record of a file with one model and writes one JSON line per record: the prediction (the same object
 * the predictions topic and the REST API carry), or, for a record that cannot be scored, its line number, the reason
 * and the detail. No record is left out.
 */
public final class FileScorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineConfig pipeline;
    private final ScoringModel model;

    public FileScorer(PipelineConfig pipeline, ScoringModel model) {
        this.pipeline = pipeline;
        this.model = model;
    }

    /** What a run wrote. */
    public record Outcome(long predicted, Map<String, Long> refusedByReason) {
    }

    public Outcome score(Path in, InputFormat format, Path out) throws IOException {
        InputRecordDecoder decoder = new InputRecordDecoder(pipeline.inputSchema());
        RecordPredictor predictor = new RecordPredictor(new FeatureExtractor(pipeline.featureSpec()), pipeline.pipelineName(),
                Clock.systemUTC());
        String requestId = in.getFileName().toString();
        long predicted = 0;
        Map<String, Long> refused = new TreeMap<>();
        long now = System.currentTimeMillis();
        try (RecordLines lines = new RecordLines(in, format, pipeline.inputSchema(), pipeline.featureSpec().idField());
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            byte[] value;
            while ((value = lines.next()) != null) {
                long line = lines.lineNumber();
                GenericRecord record;
                try {
                    record = decoder.decode(value);
                } catch (RuntimeException e) {
                    refused.merge("undecodable", 1L, Long::sum);
                    writer.write(error(line, "undecodable", e.getMessage()));
                    continue;
                }
                switch (predictor.predict(requestId, record, now, -1, line, model)) {
                    case RecordPredictor.Outcome.Predicted ok -> {
                        predicted++;
                        writer.write(JSON.writeValueAsString(PredictionFormat.json(ok.prediction())));
                        writer.newLine();
                    }
                    case RecordPredictor.Outcome.Refused no -> {
                        String reason = no.reason().code();
                        refused.merge(reason, 1L, Long::sum);
                        writer.write(error(line, reason, no.detail()));
                    }
                    case RecordPredictor.Outcome.ModelFailed failed -> {
                        refused.merge("model-failed", 1L, Long::sum);
                        writer.write(error(line, "model-failed", failed.detail()));
                    }
                }
            }
        }
        return new Outcome(predicted, refused);
    }

    private static String error(long line, String reason, String detail) throws IOException {
        ObjectNode node = JSON.createObjectNode().put("line", line).put("error", reason).put("detail", detail);
        return JSON.writeValueAsString(node) + System.lineSeparator();
    }
}
