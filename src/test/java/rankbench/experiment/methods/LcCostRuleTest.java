package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class LcCostRuleTest {

    private static double[] spectrum(SplittableRandom r, int p) {
        double[] s = new double[p];
        for (int i = 0; i < p; i++) {
            s[i] = Math.exp(r.nextDouble() * 6 - 3);
        }
        Arrays.sort(s);
        for (int i = 0; i < p / 2; i++) {
            double t = s[i];
            s[i] = s[p - 1 - i];
            s[p - 1 - i] = t;
        }
        return s;
    }

    @RepeatedTest(50)
    void closedFormEqualsBruteForce(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        double[] s = spectrum(r, 1 + r.nextInt(64));
        double alpha = Math.exp(r.nextDouble() * 20 - 18);
        double mu = Math.exp(r.nextDouble() * 10 - 5);
        double c = 1 + r.nextInt(5000);
        boolean norm = r.nextBoolean();
        assertEquals(LcCostRule.bruteForceRank(s, alpha, mu, c, norm), LcCostRule.rank(s, alpha, mu, c, norm));
    }

    @Test
    void zeroAlphaKeepsFullRankAndTinyMuGivesRankZero() {
        double[] s = spectrum(new SplittableRandom(1), 16);
        assertEquals(16, LcCostRule.rank(s, 0, 1, 100, true));
        double n = Arrays.stream(s).map(v -> v * v).sum();
        double alpha = 1e-3;
        double c = 160;
        double muMin = 2 * alpha * c / (s[0] * s[0] / n);
        assertEquals(0, LcCostRule.rank(s, alpha, 0.99 * muMin, c, true));
        assertEquals(0, LcCostRule.bruteForceRank(s, alpha, 0.99 * muMin, c, true));
        assertTrue(LcCostRule.rank(s, alpha, 1.01 * muMin, c, true) >= 1);
    }

    @Test
    void rankIsNonDecreasingInMuAndNonIncreasingInAlpha() {
        double[] s = spectrum(new SplittableRandom(2), 48);
        int prev = -1;
        for (double mu = 1e-4; mu < 1e4; mu *= 1.3) {
            int r = LcCostRule.rank(s, 1e-3, mu, 300, true);
            assertTrue(r >= prev, "rank fell as mu grew");
            prev = r;
        }
        prev = Integer.MAX_VALUE;
        for (double alpha = 1e-9; alpha < 10; alpha *= 1.3) {
            int r = LcCostRule.rank(s, alpha, 1, 300, true);
            assertTrue(r <= prev, "rank grew as alpha grew");
            prev = r;
        }
    }
}
