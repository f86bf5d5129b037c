package io.streamtrain.ml.evaluate;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Renumbers the classes occurring in truth or predictions as 0..m-1. Smile's macro averages run over every
 * index from 0 to the largest seen, so a gap (a class absent from this test split) would count as a class
 * scoring 0; renumbering averages over the classes that actually occur, as scikit-learn does.
 */
final class DenseClassIndices {

    private DenseClassIndices() {
    }

    /** {@code {truth, predicted}} renumbered consistently. */
    static int[][] of(int[] truth, int[] predicted) {
        int[] occurring = IntStream.concat(Arrays.stream(truth), Arrays.stream(predicted)).distinct().sorted().toArray();
        return new int[][] {renumber(truth, occurring), renumber(predicted, occurring)};
    }

    private static int[] renumber(int[] classes, int[] occurring) {
        return Arrays.stream(classes).map(c -> Arrays.binarySearch(occurring, c)).toArray();
    }
}
