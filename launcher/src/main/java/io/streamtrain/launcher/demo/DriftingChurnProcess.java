package io.streamtrain.launcher.demo;

import io.streamtrain.demo.DemoRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The demo's data-generating process: customer snapshots whose churn label follows a linear rule that
 * slowly rotates over time, so models trained on successive windows differ measurably.
 *
 * <p>The rule weighs monthly spend and usage hours by {@code cos} and {@code sin} of a phase that turns
 * once per {@code driftPeriod}; support calls always push towards churn, long tenure away from it.
 * {@code labelNoise} of the labels are flipped, so the task stays learnable but not trivial.
 */
public final class DriftingChurnProcess {

    static final List<String> REGIONS = List.of("north", "south", "east", "west");

    private final SplittableRandom random;
    private final Instant start;
    private final Duration driftPeriod;
    private final double labelNoise;
    private final double missingRate;

    /**
     * @param seed        makes the stream reproducible
     * @param start       the instant at which the rule's phase is 0
     * @param driftPeriod time for the rule to turn once; {@link Duration#ZERO} means no drift
     * @param labelNoise  share of labels flipped at random, in [0, 0.5)
     * @param missingRate share of numeric values left missing, in [0, 1)
     */
    public DriftingChurnProcess(long seed, Instant start, Duration driftPeriod, double labelNoise, double missingRate) {
        if (labelNoise < 0 || labelNoise >= 0.5) {
            throw new IllegalArgumentException("labelNoise must be in [0, 0.5), was " + labelNoise);
        }
        if (missingRate < 0 || missingRate >= 1) {
            throw new IllegalArgumentException("missingRate must be in [0, 1), was " + missingRate);
        }
        this.random = new SplittableRandom(seed);
        this.start = Objects.requireNonNull(start, "start");
        this.driftPeriod = Objects.requireNonNull(driftPeriod, "driftPeriod");
        this.labelNoise = labelNoise;
        this.missingRate = missingRate;
    }

    /** The next customer snapshot at {@code eventTime}, labelled when {@code labelled} is true. */
    public synchronized DemoRecord next(String id, Instant eventTime, boolean labelled) {
        double tenure = random.nextDouble(0, 72);
        double spend = 60 + 20 * gaussian();
        double calls = Math.floor(random.nextDouble(0, 8));
        double usage = 20 + 8 * gaussian();
        boolean premium = random.nextDouble() < 0.3;
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        DemoRecord record = DemoRecord.newBuilder()
                .setId(id)
                .setEventTime(eventTime)
                .setTenureMonths(tenure)
                .setMonthlySpend(spend)
                .setSupportCalls(calls)
                .setUsageHours(usage)
                .setPremium(premium)
                .setRegion(region)
                .setLabel(null)
                .build();
        if (labelled) {
            String truth = truth(record);
            boolean flip = random.nextDouble() < labelNoise;
            record.setLabel(flip ? other(truth) : truth);
            blankSomeValues(record);
        }
        return record;
    }

    /** The noise-free label the rule gives {@code record} at its event time. */
    public String truth(DemoRecord record) {
        double phase = phaseAt(record.getEventTime());
        double spend = (valueOr(record.getMonthlySpend(), 60) - 60) / 20;
        double usage = (valueOr(record.getUsageHours(), 20) - 20) / 8;
        double calls = (valueOr(record.getSupportCalls(), 3.5) - 3.5) / 2.3;
        double tenure = (valueOr(record.getTenureMonths(), 36) - 36) / 21;
        double premium = Boolean.TRUE.equals(record.getPremium()) ? -0.5 : 0.0;
        double score = 1.5 * Math.cos(phase) * spend + 1.5 * Math.sin(phase) * usage + 0.8 * calls - 0.8 * tenure + premium;
        return score > 0 ? "churn" : "stay";
    }

    private double phaseAt(Instant eventTime) {
        if (driftPeriod.isZero()) {
            return 0;
        }
        double elapsed = Duration.between(start, eventTime).toMillis();
        return 2 * Math.PI * elapsed / driftPeriod.toMillis();
    }

    private void blankSomeValues(DemoRecord record) {
        if (random.nextDouble() < missingRate) {
            record.setUsageHours(null);
        }
        if (random.nextDouble() < missingRate) {
            record.setRegion(null);
        }
    }

    private double gaussian() {
        return random.nextGaussian();
    }

    private static double valueOr(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static String other(String label) {
        return label.equals("churn") ? "stay" : "churn";
    }
}
