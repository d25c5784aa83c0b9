package rankbench.experiment.methods;

import java.util.Random;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.Tensor;

/** Layer-tree rewriting and tensor helpers for methods that change the network's structure (S1, S2). */
final class Structures {

    private Structures() {}

    /** Returns {@code t x_mode a}: mode 0 multiplies the output-channel axis, mode 1 the input-channel axis. */
    static Tensor modeProduct(Tensor t, Matrix a, int mode) {
        int[] s = t.shape();
        Matrix p = Svd.multiply(a, false, MatrixViews.modeUnfolding(t, mode), false);
        int[] shape = mode == 0 ? new int[] {a.rows(), s[1], s[2], s[3]} : new int[] {s[0], a.rows(), s[2], s[3]};
        return MatrixViews.fold(p, mode, shape);
    }

    /** Returns the matrix of a 1x1 conv weight {@code [out, in, 1, 1]} (or any tensor as {@code shape[0] x rest}). */
    static Matrix matrix(Tensor t) {
        int rows = t.shape()[0];
        int cols = t.size() / Math.max(1, rows);
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.data()[i];
        }
        return new Matrix(rows, cols, d);
    }

    /** Returns a tensor of {@code shape} holding {@code m}'s values (row-major). */
    static Tensor tensor(Matrix m, int... shape) {
        float[] f = new float[m.data().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) m.data()[i];
        }
        return new Tensor(shape, f);
    }

    /** Returns an {@code n x k} matrix with orthonormal columns from a seeded Gaussian ({@code n >= k}). */
    static Matrix orthonormalColumns(int n, int k, long seed) {
        Random r = new Random(seed);
        double[] d = new double[n * k];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Svd.thin(new Matrix(n, k, d)).left(k, 0);
    }
}
