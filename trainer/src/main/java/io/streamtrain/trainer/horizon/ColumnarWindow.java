package io.streamtrain.trainer.horizon;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.trainer.batch.AssembledBatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One complete window of a training horizon, held in columns rather than one object per record: record ids as
 * UTF-8 bytes, event times and source positions as primitive arrays, each feature and the label as a
 * {@link ValueColumn}. Rows keep the batch's order (chunk order on the batches topic). Immutable.
 *
 * <p>Records are made again from the columns ({@link #record}) one at a time, as a fit's pass reads them
 * ({@link ChosenRows}); none is kept.
 */
public final class ColumnarWindow {

    private final LineageWindow lineage;
    private final List<String> featureNames;
    private final int rows;
    private final byte[] ids;
    private final int[] idEnds;
    private final long[] eventTimes;
    private final int[] sourcePartitions;
    private final long[] sourceOffsets;
    private final ValueColumn[] features;
    private final ValueColumn labels;
    private final ValueColumn requestIds;

    private ColumnarWindow(AssembledBatch batch, int batchesPartition) {
        BatchManifest manifest = batch.manifest();
        List<CleanRecord> records = batch.records();
        this.lineage = lineageOf(batch, batchesPartition);
        this.featureNames = List.copyOf(manifest.getFeatureNames());
        this.rows = records.size();
        this.idEnds = new int[rows];
        this.eventTimes = new long[rows];
        this.sourcePartitions = new int[rows];
        this.sourceOffsets = new long[rows];
        ByteArrayOutputStream idBytes = new ByteArrayOutputStream(rows * 16);
        for (int i = 0; i < rows; i++) {
            CleanRecord record = records.get(i);
            idBytes.writeBytes(record.getRecordId().getBytes(StandardCharsets.UTF_8));
            idEnds[i] = idBytes.size();
            eventTimes[i] = record.getEventTime().toEpochMilli();
            sourcePartitions[i] = record.getSourcePartition();
            sourceOffsets[i] = record.getSourceOffset();
        }
        this.ids = idBytes.toByteArray();
        int width = rows == 0 ? featureNames.size() : records.getFirst().getFeatures().size();
        this.features = new ValueColumn[width];
        for (int f = 0; f < width; f++) {
            int feature = f;
            features[f] = ValueColumn.of(rows, row -> {
                List<Object> values = records.get(row).getFeatures();
                if (values.size() != width) {
                    throw new IllegalArgumentException("record " + records.get(row).getRecordId() + " has " + values.size()
                            + " feature values, the window's first record " + width);
                }
                return values.get(feature);
            });
        }
        this.labels = ValueColumn.of(rows, row -> records.get(row).getLabel());
        this.requestIds = ValueColumn.of(rows, row -> records.get(row).getRequestId());
    }

    /**
     * The columns of {@code batch}, read from partition {@code batchesPartition} of the batches topic.
     *
     * @throws IllegalArgumentException when its records do not all have the same number of feature values, or hold a
     *                                  value that is neither a number nor a string
     */
    public static ColumnarWindow of(AssembledBatch batch, int batchesPartition) {
        Objects.requireNonNull(batch, "batch");
        return new ColumnarWindow(batch, batchesPartition);
    }

    /**
     * The lineage entry of {@code batch}, read from partition {@code batchesPartition} of the batches topic, with every
     * record used.
     */
    public static LineageWindow lineageOf(AssembledBatch batch, int batchesPartition) {
        BatchManifest manifest = batch.manifest();
        return LineageWindow.newBuilder()
                .setBatchId(batch.batchId())
                .setWindowStart(manifest.getWindowStart())
                .setWindowEnd(manifest.getWindowEnd())
                .setBatchesPartition(batchesPartition)
                .setFirstOffset(batch.firstOffset())
                .setManifestOffset(batch.manifestOffset())
                .setSourceRanges(manifest.getSourceRanges().stream()
                        .map(r -> new OffsetRange(r.getPartition(), r.getFirstOffset(), r.getLastOffset(), r.getRecordCount()))
                        .toList())
                .setRows(batch.records().size())
                .setRowsUsed(batch.records().size())
                .build();
    }

    public String batchId() {
        return lineage.getBatchId();
    }

    public int rows() {
        return rows;
    }

    public long firstOffset() {
        return lineage.getFirstOffset();
    }

    public Instant windowEnd() {
        return lineage.getWindowEnd();
    }

    /** The feature names of the window's manifest; windows of other features cannot train together. */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * Row {@code row} as the record it was made from, made anew on each call: its feature values are a view of the
     * columns, boxed as they are read, so a record read once by a fit's pass is garbage right after.
     */
    public CleanRecord record(int row) {
        // The all-arguments constructor, not the builder: the builder validates and copies every field of every row.
        return new CleanRecord(recordId(row), Instant.ofEpochMilli(eventTimes[row]), new FeatureRow(row), labels.get(row),
                sourcePartitions[row], sourceOffsets[row], (String) requestIds.get(row));
    }

    /** The feature values of one row, read from the columns. */
    private final class FeatureRow extends AbstractList<Object> implements RandomAccess {

        private final int row;

        FeatureRow(int row) {
            this.row = row;
        }

        @Override
        public Object get(int feature) {
            return features[feature].get(row);
        }

        @Override
        public int size() {
            return features.length;
        }
    }

    /** Every row as its record, in order. */
    public List<CleanRecord> records() {
        List<CleanRecord> records = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            records.add(record(row));
        }
        return records;
    }

    /** The record id of row {@code row}. */
    public String recordId(int row) {
        int start = row == 0 ? 0 : idEnds[row - 1];
        return new String(ids, start, idEnds[row] - start, StandardCharsets.UTF_8);
    }

    /** The label of row {@code row}: null, a class name or a number. */
    public Object label(int row) {
        return labels.get(row);
    }

    /** Bytes the window's columns take (an estimate that counts array headers and dictionary strings). */
    public long bytes() {
        // Five arrays of 16-byte headers: id bytes, id ends (int), event times (long), partitions (int), offsets (long).
        long bytes = 5 * 16 + ids.length + (4L + 8 + 4 + 8) * rows;
        for (ValueColumn feature : features) {
            bytes += feature.bytes();
        }
        return bytes + labels.bytes() + requestIds.bytes();
    }

    /** The window's lineage entry, with {@code rowsUsed} of its rows used by the fit. */
    public LineageWindow lineage(long rowsUsed) {
        // The all-arguments constructor, not a copying builder: Avro's deep copy would need the class trusted first.
        return new LineageWindow(lineage.getBatchId(), lineage.getWindowStart(), lineage.getWindowEnd(),
                lineage.getBatchesPartition(), lineage.getFirstOffset(), lineage.getManifestOffset(),
                lineage.getSourceRanges(), lineage.getRows(), rowsUsed);
    }
}
