package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.Svd;

class EvbmfTest {

    /** {@code A B + noise} with A (rows x r), B (r x cols) standard normal. */
    static Matrix lowRankPlusNoise(int rows, int cols, int r, double sigma, long seed) {
        Random rnd = new Random(seed);
        Matrix a = new Matrix(rows, r, gauss(rnd, rows * r, 1));
        Matrix b = new Matrix(r, cols, gauss(rnd, r * cols, 1));
        Matrix y = r == 0 ? Matrix.zeros(rows, cols) : a.times(b);
        double[] n = gauss(rnd, rows * cols, sigma);
        for (int i = 0; i < n.length; i++) {
            y.data()[i] += n[i];
        }
        return y;
    }

    static double[] gauss(Random rnd, int n, double sd) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextGaussian() * sd;
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({"50, 80, 5, 0.1", "64, 576, 5, 0.01", "100, 100, 10, 1", "32, 288, 3, 0.05"})
    void recoversTheRankOfLowRankPlusNoiseAndTheNoiseVariance(int l, int m, int r, double sigma) {
        Evbmf.Result res = Evbmf.estimate(lowRankPlusNoise(l, m, r, sigma, 42));
        assertEquals(r, res.rank());
        assertEquals(sigma * sigma, res.sigma2(), 0.1 * sigma * sigma);
    }

    @ParameterizedTest
    @CsvSource({"50, 80, 0.1", "64, 576, 0.01", "100, 100, 1", "32, 288, 0.05"})
    void findsNoStructureInPureNoise(int l, int m, double sigma) {
        assertEquals(0, Evbmf.estimate(lowRankPlusNoise(l, m, 0, sigma, 7)).rank());
    }

    @ParameterizedTest
    @CsvSource({"1e-4", "1e-2", "3.7", "1e3"})
    void isScaleInvariant(double c) {
        Matrix y = lowRankPlusNoise(64, 576, 8, 0.3, 3);
        Evbmf.Result base = Evbmf.estimate(y);
        Matrix scaled = new Matrix(y.rows(), y.cols(), y.data().clone());
        for (int i = 0; i < scaled.data().length; i++) {
            scaled.data()[i] *= c;
        }
        Evbmf.Result res = Evbmf.estimate(scaled);
        assertEquals(base.rank(), res.rank());
        assertEquals(c * c * base.sigma2(), res.sigma2(), 1e-6 * c * c * base.sigma2());
    }

    @Test
    void findsTheRankOfWeightSizedMatricesWithTinyNoise() {
        // conv-weight scale: sigma^2 = 1e-6, where an absolute tolerance on sigma^2 fails (docs/METHODS.md §2 pitfalls)
        Matrix y = lowRankPlusNoise(64, 576, 1, 1e-3, 11);
        assertEquals(1, Evbmf.estimate(y).rank());
    }

    @Test
    void isTransposeInvariant() {
        Matrix y = lowRankPlusNoise(40, 150, 6, 0.2, 5);
        Evbmf.Result a = Evbmf.estimate(y);
        Evbmf.Result b = Evbmf.estimate(y.transpose());
        assertEquals(a.rank(), b.rank());
        assertEquals(a.sigma2(), b.sigma2(), 1e-5 * a.sigma2());
    }

    @Test
    void withKnownNoiseCountsSingularValuesAboveTheEvbThreshold() {
        Matrix y = lowRankPlusNoise(30, 90, 4, 0.5, 9);
        double[] s = Svd.values(y);
        double sigma2 = 0.3;
        double alpha = 30.0 / 90;
        double tb = Evbmf.TAU_CONSTANT * Math.sqrt(alpha);
        double thr = Math.sqrt(90 * sigma2 * (1 + tb) * (1 + alpha / tb));
        int expected = 0;
        for (double v : s) {
            if (v > thr) {
                expected++;
            }
        }
        Evbmf.Result r = Evbmf.estimate(s, 30, 90, sigma2, false);
        assertEquals(expected, r.rank());
        assertEquals(thr, r.threshold(), 1e-12 * thr);
        assertEquals(r.rank(), Evbmf.estimate(s, 90, 30, sigma2, false).rank());
    }

    @Test
    void thresholdSitsJustAboveTheMarchenkoPasturEdge() {
        // gamma / (sigma (sqrt L + sqrt M)) = 1.108 at alpha = 1 and 1.082 at alpha = 1/9 (docs/METHODS.md §2)
        double[] s = new double[9];
        Evbmf.Result square = Evbmf.estimate(new double[100], 100, 100, 1.0, false);
        assertEquals(1.108, square.threshold() / 20.0, 1e-3);
        Evbmf.Result wide = Evbmf.estimate(s, 9, 81, 1.0, false);
        assertEquals(1.082, wide.threshold() / 12.0, 1e-3);
    }

    @Test
    void exactTauEqualsTheReferenceConstantOnSquareMatrices() {
        assertEquals(2.5129, Evbmf.exactTauBar(1.0), 1e-4);
        assertTrue(Evbmf.exactTauBar(1.0 / 9) / Math.sqrt(1.0 / 9) > 2.58);
    }
}
