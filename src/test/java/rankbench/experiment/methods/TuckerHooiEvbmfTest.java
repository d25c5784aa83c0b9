package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.lowrank.Tucker;
import rankbench.experiment.model.Tensor;

/** docs/METHODS.md §4 (e) 2–3: Tucker-2 error bounds, HOOI never worse than HOSVD, EVBMF's Tucker-2 ranks. */
class TuckerHooiEvbmfTest {

    private static Tensor gaussian(SplittableRandom r, double std, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (std * gauss(r));
        }
        return new Tensor(shape, d);
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static Matrix matrix(SplittableRandom r, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = gauss(r);
        }
        return new Matrix(rows, cols, d);
    }

    /** Sum of squared discarded singular values of the mode-n unfolding. */
    private static double tail(Tensor w, int mode, int rank) {
        double[] s = Svd.values(MatrixViews.modeUnfolding(w, mode));
        double t = 0;
        for (int i = rank; i < s.length; i++) {
            t += s[i] * s[i];
        }
        return t;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void hosvdErrorLiesBetweenTheLargerAndTheSumOfTheUnfoldingTailsAndHooiIsNeverWorse(long seed) {
        Tensor w = gaussian(new SplittableRandom(seed), 1, 16, 12, 3, 3);
        int ro = 5;
        int ri = 4;
        double t0 = tail(w, 0, ro);
        double t1 = tail(w, 1, ri);
        Tensor hosvd = Tucker.project(w, ro, ri, new SpectrumCache(), "l");
        double eHosvd = Hooi.error2(w, hosvd);
        assertTrue(Math.max(t0, t1) <= eHosvd * (1 + 1e-5), Math.max(t0, t1) + " > " + eHosvd);
        assertTrue(eHosvd <= (t0 + t1) * (1 + 1e-5), eHosvd + " > " + (t0 + t1));
        // zero sweeps is the HOSVD itself
        assertEquals(eHosvd, Hooi.error2(w, Hooi.reconstruct(w, Hooi.factors(w, ro, ri, 0))), 1e-4 * eHosvd);
        double previous = eHosvd;
        for (int sweeps = 1; sweeps <= 4; sweeps++) {
            double e = Hooi.error2(w, Hooi.reconstruct(w, Hooi.factors(w, ro, ri, sweeps)));
            assertTrue(e <= previous * (1 + 1e-5), sweeps + " sweeps: " + e + " > " + previous);
            previous = e;
        }
        assertTrue(previous < eHosvd, "HOOI should improve a random kernel's HOSVD: " + previous + " vs " + eHosvd);
    }

    @Test
    void hooiReconstructionHasTheMultilinearRanksSoTheExportRecoversItExactly() {
        Tensor w = gaussian(new SplittableRandom(4), 1, 16, 12, 3, 3);
        Tensor hat = Hooi.reconstruct(w, Hooi.factors(w, 5, 4, 3));
        double[] s0 = Svd.values(MatrixViews.modeUnfolding(hat, 0));
        double[] s1 = Svd.values(MatrixViews.modeUnfolding(hat, 1));
        assertTrue(s0[5] < 1e-5 * s0[0] && s1[4] < 1e-5 * s1[0]);
        Tensor again = Tucker.project(hat, 5, 4, new SpectrumCache(), "h");
        assertTrue(Hooi.error2(hat, again) < 1e-9 * Hooi.error2(hat, new Tensor(hat.shape(), new float[hat.size()])));
    }

    @Test
    void hooiRefusesRanksNoCoreCanReachWithAClearMessage() {
        // an orth-evbmf run failed after six epochs with "rank 13 outside 0..9": EVBMF gave (1, 13) for a
        // 3x3 kernel, but a 1 x Ri x 3 x 3 core has mode-1 rank at most 9
        Tensor w = gaussian(new SplittableRandom(5), 1, 16, 16, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hooi.factors(w, 1, 13, 2));
        assertTrue(e.getMessage().contains("(1, 13) cannot be reached"), e.getMessage());
        Hooi.factors(w, 1, 9, 2); // the largest reachable pair works
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.1})
    void evbmfFindsTheSixFiveTuckerRanksOfASyntheticKernel(double noise) {
        SplittableRandom r = new SplittableRandom(42);
        Tensor g = gaussian(r, 1, 6, 5, 3, 3);
        Matrix a = matrix(r, 32, 6);
        Matrix b = matrix(r, 32, 5);
        Tensor core = Structures.modeProduct(Structures.modeProduct(g, a, 0), b, 1); // 32 x 32 x 3 x 3
        Tensor n = gaussian(r, noise, 32, 32, 3, 3);
        float[] d = core.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += n.data()[i];
        }
        Tensor w = new Tensor(core.shape(), d);
        EvbmfRule rule = EvbmfRule.of(Scheme.TUCKER2);
        assertEquals(6, rule.estimate("k", w, Scheme.TUCKER2, 0).rank());
        assertEquals(5, rule.estimate("k", w, Scheme.TUCKER2, 1).rank());
    }
}
