package io.streamtrain.e2e;

import io.streamtrain.demo.DemoRecord;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Customers whose churn depends on monthly spend alone, in two regimes: before the shift spend is about 60 and
 * customers above 60 churn; after it spend is about 120 and the churn threshold moved with it. Only monthly
 * spend changes distribution, so a model of the first regime sees drift on that feature alone, and its
 * predictions (nearly all churn) are right for only about half of the shifted customers.
 */
final class ShiftingChurnProcess {

    private static final List<String> REGIONS = List.of("north", "south", "east", "west");
    private static final double LABEL_NOISE = 0.02;

    private final SplittableRandom random = new SplittableRandom(17);

    /** A labelled customer of the first regime ({@code shifted} false) or the second. */
    DemoRecord next(String id, Instant eventTime, boolean shifted) {
        double centre = shifted ? 120 : 60;
        double spend = centre + 15 * random.nextGaussian();
        boolean churn = (spend > centre) != (random.nextDouble() < LABEL_NOISE);
        return DemoRecord.newBuilder()
                .setId(id)
                .setEventTime(eventTime)
                .setTenureMonths(random.nextDouble(0, 72))
                .setMonthlySpend(spend)
                .setSupportCalls(Math.floor(random.nextDouble(0, 8)))
                .setUsageHours(20 + 8 * random.nextGaussian())
                .setPremium(random.nextDouble() < 0.3)
                .setRegion(REGIONS.get(random.nextInt(REGIONS.size())))
                .setLabel(churn ? "churn" : "stay")
                .build();
    }
}
