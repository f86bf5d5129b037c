package io.streamtrain.bench.scoring;

import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.launcher.demo.DriftingChurnProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Score requests as the demo sends them: unlabelled customers of the demo's {@link DriftingChurnProcess}, written by
 * {@link DemoRecordEncoder}, either one customer as a plain JSON object per request or several in a
 * {@code {"requestId": ..., "records": [...]}} wrapper. Not thread-safe.
 */
final class ScoreRequests implements RequestSource {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final DriftingChurnProcess process;
    private final int recordsPerRequest;
    private long next;

    /**
     * @param recordsPerRequest 1 for single-record JSON requests, more for wrapper requests
     * @param seed              the same seed gives the same requests
     */
    ScoreRequests(int recordsPerRequest, long seed) {
        if (recordsPerRequest < 1) {
            throw new IllegalArgumentException("recordsPerRequest must be at least 1, was " + recordsPerRequest);
        }
        this.process = new DriftingChurnProcess(seed, START, DemoTraffic.defaults().driftPeriod(), 0, 0);
        this.recordsPerRequest = recordsPerRequest;
    }

    @Override
    public int recordsPerRequest() {
        return recordsPerRequest;
    }

    @Override
    public String nextId() {
        return "q" + next;
    }

    /** Its customers\' ids are the request id, a dash and their position. */
    @Override
    public byte[] nextValue() {
        String requestId = nextId();
        Instant eventTime = START.plusMillis(next++);
        List<DemoRecord> customers = new ArrayList<>(recordsPerRequest);
        for (int i = 0; i < recordsPerRequest; i++) {
            customers.add(process.next(requestId + "-" + i, eventTime, false));
        }
        return recordsPerRequest == 1 ? DemoRecordEncoder.json(customers.getFirst()) : DemoRecordEncoder.scoreRequest(requestId, customers);
    }
}
