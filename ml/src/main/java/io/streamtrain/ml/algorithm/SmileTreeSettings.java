package io.streamtrain.ml.algorithm;

/**
 * Makes Smile's regression trees (random-forest regression, and every gradient-boosted tree) look at every split
 * point, as its classification trees and scikit-learn's trees do. Smile reads the system property
 * {@value #BINS_PROPERTY} on every split search and by default (100) tries only one threshold per hundredth of the
 * training rows: on 100,000 rows that is one candidate per 1,000 rows, so a regression forest stopped at about 200
 * leaves per tree whatever its limits, and its test RMSE stayed at 0.90 where scikit-learn's forest reaches 0.70
 * on the same data (see BENCHMARKS.md). A value set by the user on the command line is left alone.
 */
final class SmileTreeSettings {

    /** Smile's system property: the number of candidate thresholds per feature of a regression tree's split search. */
    static final String BINS_PROPERTY = "smile.regression_tree.bins";

    private SmileTreeSettings() {
    }

    /** Sets {@value #BINS_PROPERTY} so that every distinct value is a candidate, unless it is set already. */
    static void evaluateEverySplitPoint() {
        if (System.getProperty(BINS_PROPERTY) == null) {
            System.setProperty(BINS_PROPERTY, Integer.toString(Integer.MAX_VALUE));
        }
    }
}
