package io.streamtrain.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DistributionKind;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.testing.Batches;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftBaselinesTest {

    @Test
    void shouldBinNumbersAtQuantilesSoEachBinHoldsAboutATenth() {
        double[] values = IntStream.range(0, 1_000).mapToDouble(i -> i).toArray();

        ValueDistribution distribution = DriftBaselines.binned("x", values, 10);

        assertThat(distribution.getKind()).isEqualTo(DistributionKind.BINNED);
        assertThat(distribution.getBinEdges()).containsExactly(100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 900.0);
        assertThat(distribution.getFrequencies()).hasSize(11).last().isEqualTo(0.0);
        assertThat(distribution.getFrequencies().subList(0, 10)).allSatisfy(f -> assertThat(f).isCloseTo(0.1, within(1e-9)));
    }

    @Test
    void shouldBinPredictedValuesOfASmallTestSplitCoarselyEnoughForAStableStreamToLookStable() {
        Random random = new Random(3);
        double[] test = random.doubles(60).toArray();

        ValueDistribution predictions = DriftBaselines.predictedValues(test);
        assertThat(DriftBaselines.predictedValues(random.doubles(1_000).toArray()).getBinEdges()).hasSize(9);
        assertThat(predictions.getBinEdges()).hasSize(1);
        BucketScheme scheme = BucketScheme.of(predictions);
        long[] live = new long[scheme.size()];
        random.doubles(200).forEach(value -> live[scheme.binOf(value)]++);
        assertThat(PopulationStabilityIndex.of(scheme.expected(), live, 200)).isLessThan(0.1);
    }

    @Test
    void shouldCollapseRepeatedQuantilesAndCountMissingValuesWhenColumnIsBoolean() {
        double[] values = {0, 0, 0, 1, 1, Double.NaN, 1, 0, 0, 1};

        ValueDistribution distribution = DriftBaselines.binned("flag", values, 10);

        assertThat(distribution.getBinEdges()).containsExactly(1.0);
        assertThat(distribution.getFrequencies()).containsExactly(0.5, 0.4, 0.1);
    }

    @Test
    void shouldKeepMostFrequentCategoriesAndPutTheRestInOther() {
        List<String> values = Arrays.asList("a", "a", "a", "b", "b", "c", null, "d");

        ValueDistribution distribution = DriftBaselines.categorical("colour", values, 2);

        assertThat(distribution.getCategories()).containsExactly("a", "b");
        assertThat(distribution.getFrequencies()).containsExactly(3 / 8.0, 2 / 8.0, 2 / 8.0, 1 / 8.0);
    }

    @Test
    void shouldDescribeEveryFeatureAndPredictedClassWhenBuiltFromABatch() {
        List<CleanRecord> train = Batches.separableBinary(400, 3);

        DriftBaseline baseline = DriftBaselines.of(Batches.SPEC.definitions(), train,
                DriftBaselines.predictedClasses(List.of("no", "yes", "maybe"), List.of(List.of(1L, 2L, 0L), List.of(0L, 1L, 0L))));

        assertThat(baseline.getFeatures()).extracting(ValueDistribution::getName).containsExactly("x1", "x2", "flag", "colour");
        assertThat(baseline.getFeatures()).allSatisfy(d ->
                assertThat(d.getFrequencies().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9)));
        assertThat(baseline.getFeatures().get(3).getCategories()).containsExactly("blue", "green", "red");
        assertThat(baseline.getPredictions().getCategories()).containsExactly("no", "yes", "maybe");
        assertThat(baseline.getPredictions().getFrequencies()).containsExactly(0.25, 0.75, 0.0, 0.0, 0.0);
    }

    @Test
    void shouldEstimateTheBaselineOfALargeTrainSplitFromEvenlySpreadRows() {
        List<CleanRecord> train = Batches.separableBinary(30_000, 11);

        DriftBaseline sampled = DriftBaselines.of(Batches.SPEC.definitions(), train, DriftBaselines.predictedValues(new double[] {1.0}));

        for (int column = 0; column < 2; column++) {
            int feature = column;
            double[] all = train.stream().mapToDouble(record -> record.getFeatures().get(feature) instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
            BucketScheme scheme = BucketScheme.of(sampled.getFeatures().get(column));
            double[] exact = new double[scheme.size()];
            for (double value : all) {
                exact[scheme.binOf(value)] += 1.0 / all.length;
            }
            List<Double> estimated = sampled.getFeatures().get(column).getFrequencies();
            for (int bucket = 0; bucket < exact.length; bucket++) {
                assertThat(estimated.get(bucket)).as("share of bucket %d of x%d", bucket, column + 1).isCloseTo(exact[bucket], within(0.02));
            }
        }
    }

    @Test
    void shouldTakeEveryRowWhenThereAreFewAndSpreadTheSampleOverAllRowsWhenThereAreMany() {
        List<Integer> rows = IntStream.range(0, 10).boxed().toList();

        assertThat(DriftBaselines.evenSample(rows, 10)).isSameAs(rows);
        assertThat(DriftBaselines.evenSample(rows, 4)).containsExactly(0, 2, 5, 7);
    }

    @Test
    void shouldSortLiveValuesIntoTheBaselineBuckets() {
        BucketScheme numbers = BucketScheme.of(DriftBaselines.binned("x", new double[] {1, 2, 3, 4}, 4));
        BucketScheme colours = BucketScheme.of(DriftBaselines.categorical("c", List.of("red", "blue"), 5));

        assertThat(numbers.size()).isEqualTo(5);
        assertThat(List.of(numbers.bucketOf(0.5), numbers.bucketOf(2.0), numbers.bucketOf(99), numbers.bucketOf(null),
                numbers.bucketOf(Double.POSITIVE_INFINITY), numbers.bucketOf(true))).containsExactly(0, 1, 3, 4, 4, 0);
        assertThat(List.of(colours.bucketOf("blue"), colours.bucketOf("red"), colours.bucketOf("green"), colours.bucketOf(" ")))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void shouldRefuseDistributionWhoseFrequenciesDoNotMatchItsBuckets() {
        ValueDistribution broken = new ValueDistribution("x", DistributionKind.BINNED, List.of(2.0, 3.0), List.of(), List.of(1.0));

        assertThatThrownBy(() -> BucketScheme.of(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x").hasMessageContaining("1 frequencies for 4 buckets");
    }

    @Test
    void shouldMeasureLargePsiOnlyWhenTheDistributionShifts() {
        Random random = new Random(11);
        BucketScheme scheme = BucketScheme.of(DriftBaselines.binned("x",
                IntStream.range(0, 5_000).mapToDouble(i -> random.nextGaussian()).toArray(), 10));

        double same = psi(scheme, IntStream.range(0, 2_000).mapToDouble(i -> random.nextGaussian()).toArray());
        double shifted = psi(scheme, IntStream.range(0, 2_000).mapToDouble(i -> random.nextGaussian() + 1.5).toArray());

        assertThat(same).isLessThan(0.05);
        assertThat(shifted).isGreaterThan(1.0);
        assertThat(PopulationStabilityIndex.of(scheme.expected(), new long[scheme.size()], 0)).isZero();
    }

    private static double psi(BucketScheme scheme, double[] live) {
        long[] counts = new long[scheme.size()];
        for (double value : live) {
            counts[scheme.binOf(value)]++;
        }
        return PopulationStabilityIndex.of(scheme.expected(), counts, live.length);
    }
}
