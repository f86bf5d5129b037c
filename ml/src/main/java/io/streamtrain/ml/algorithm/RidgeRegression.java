package io.streamtrain.ml.algorithm;

import io.streamtrain.ml.model.LinearModel;

/**
 * Linear least squares with an L2 (ridge) penalty, in pure Java, so linear regression needs no native BLAS
 * (Smile's OLS does; see the ml module's README). Solves the normal equations of the centred data,
 * {@code (Xc'Xc + lambda I) w = Xc'yc}, by Cholesky decomposition of the d x d matrix, then sets the intercept
 * to {@code mean(y) - w . mean(x)}, so the intercept is not penalised. Cost: O(n d^2) to build the matrix,
 * O(d^3) to solve it; for the tens of columns of a streamtrain model the build dominates and stays linear in n.
 *
 * <p>Centring first keeps the matrix well conditioned when features have large offsets; forming {@code X'X}
 * squares the condition number, which is why a tiny default {@code lambda} is kept.
 */
final class RidgeRegression {

    /** A pivot this small relative to the matrix's largest diagonal entry means the columns are linearly dependent. */
    private static final double SINGULAR_PIVOT = 1e-12;

    private RidgeRegression() {
    }

    /**
     * @throws IllegalArgumentException when the penalised matrix is singular (collinear columns and {@code lambda} 0)
     */
    static LinearModel fit(double[][] x, double[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] xMean = new double[d];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xMean[j] += x[i][j];
            }
            yMean += y[i];
        }
        for (int j = 0; j < d; j++) {
            xMean[j] /= n;
        }
        yMean /= n;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        double[] centred = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[j] = x[i][j] - xMean[j];
            }
            double yc = y[i] - yMean;
            for (int j = 0; j < d; j++) {
                double cj = centred[j];
                b[j] += cj * yc;
                double[] row = a[j];
                for (int k = 0; k <= j; k++) {
                    row[k] += cj * centred[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            a[j][j] += lambda;
        }
        double[] w = solveCholesky(a, b);
        double intercept = yMean;
        for (int j = 0; j < d; j++) {
            intercept -= w[j] * xMean[j];
        }
        return new LinearModel(w, intercept);
    }

    /** Solves {@code a w = b} for symmetric positive definite {@code a}, of which only the lower triangle is read. */
    private static double[] solveCholesky(double[][] a, double[] b) {
        int d = b.length;
        double largest = 0;
        for (int j = 0; j < d; j++) {
            largest = Math.max(largest, a[j][j]);
        }
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k <= j; k++) {
                double sum = a[j][k];
                for (int m = 0; m < k; m++) {
                    sum -= l[j][m] * l[k][m];
                }
                if (j == k) {
                    if (!(sum > SINGULAR_PIVOT * largest)) {
                        throw new IllegalArgumentException("the normal equations are singular (input column " + j
                                + " depends linearly on the others); raise the linear-regression lambda");
                    }
                    l[j][j] = Math.sqrt(sum);
                } else {
                    l[j][k] = sum / l[k][k];
                }
            }
        }
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = b[j];
            for (int m = 0; m < j; m++) {
                sum -= l[j][m] * z[m];
            }
            z[j] = sum / l[j][j];
        }
        double[] w = new double[d];
        for (int j = d - 1; j >= 0; j--) {
            double sum = z[j];
            for (int m = j + 1; m < d; m++) {
                sum -= l[m][j] * w[m];
            }
            w[j] = sum / l[j][j];
        }
        return w;
    }
}
