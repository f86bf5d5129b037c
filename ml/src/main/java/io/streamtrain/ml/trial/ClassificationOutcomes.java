package io.streamtrain.ml.trial;

/**
 * A classification trial's outcomes as McNemar's table.
 *
 * @param bothRight           both models predicted the label's class
 * @param championOnlyRight   only the champion did ({@code b})
 * @param challengerOnlyRight only the challenger did ({@code c})
 * @param bothWrong           neither did
 */
public record ClassificationOutcomes(long bothRight, long championOnlyRight, long challengerOnlyRight, long bothWrong) implements PairedOutcomes {

    public static final ClassificationOutcomes NONE = new ClassificationOutcomes(0, 0, 0, 0);

    public ClassificationOutcomes {
        if (bothRight < 0 || championOnlyRight < 0 || challengerOnlyRight < 0 || bothWrong < 0) {
            throw new IllegalArgumentException("outcome counts cannot be negative: " + bothRight + ", " + championOnlyRight + ", "
                    + challengerOnlyRight + ", " + bothWrong);
        }
    }

    /** These outcomes and one more request, on which each model was right or wrong. */
    public ClassificationOutcomes plus(boolean championRight, boolean challengerRight) {
        return new ClassificationOutcomes(
                bothRight + (championRight && challengerRight ? 1 : 0),
                championOnlyRight + (championRight && !challengerRight ? 1 : 0),
                challengerOnlyRight + (!championRight && challengerRight ? 1 : 0),
                bothWrong + (!championRight && !challengerRight ? 1 : 0));
    }

    @Override
    public long outcomes() {
        return bothRight + championOnlyRight + challengerOnlyRight + bothWrong;
    }

    @Override
    public PairedTestResult challengerWorse() {
        return McNemarTest.challengerWorse(championOnlyRight, challengerOnlyRight);
    }

    /** Live accuracy of the champion on these requests. */
    @Override
    public double championScore() {
        return outcomes() == 0 ? Double.NaN : (double) (bothRight + championOnlyRight) / outcomes();
    }

    /** Live accuracy of the challenger on these requests. */
    @Override
    public double challengerScore() {
        return outcomes() == 0 ? Double.NaN : (double) (bothRight + challengerOnlyRight) / outcomes();
    }
}
