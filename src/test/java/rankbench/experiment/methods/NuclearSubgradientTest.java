package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.Svd;

/** docs/METHODS.md §7(e)2: the nuclear-norm sub-gradient {@code U V^T}. */
class NuclearSubgradientTest {

    private static Matrix random(long seed, int m, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[m * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() * 2 - 1;
        }
        return new Matrix(m, n, d);
    }

    private static double inner(Matrix a, Matrix b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }

    @Test
    void innerProductWithTheWeightIsTheSumOfKeptSingularValues() {
        Matrix w = random(1, 16, 144);
        Svd.Decomposition d = Svd.thin(w);
        for (int r : new int[] {1, 5, 16}) {
            double sum = 0;
            for (int i = 0; i < r; i++) {
                sum += d.s()[i];
            }
            assertEquals(sum, inner(TrpMethod.nuclearSubgradient(d, r), w), 1e-9 * sum);
        }
    }

    @Test
    void fullSubgradientMatchesAFiniteDifferenceOfTheNuclearNorm() {
        Matrix w = random(2, 12, 30);
        Matrix dir = random(3, 12, 30);
        Svd.Decomposition d = Svd.thin(w);
        Matrix g = TrpMethod.nuclearSubgradient(d, TrpMethod.positive(d.s()));
        double h = 1e-6;
        double[] plus = w.data().clone();
        double[] minus = w.data().clone();
        for (int i = 0; i < plus.length; i++) {
            plus[i] += h * dir.data()[i];
            minus[i] -= h * dir.data()[i];
        }
        double fd = (nuclear(new Matrix(12, 30, plus)) - nuclear(new Matrix(12, 30, minus))) / (2 * h);
        assertEquals(inner(g, dir), fd, 1e-5 * Math.abs(fd));
    }

    private static double nuclear(Matrix m) {
        double s = 0;
        for (double v : Svd.values(m)) {
            s += v;
        }
        return s;
    }
}
