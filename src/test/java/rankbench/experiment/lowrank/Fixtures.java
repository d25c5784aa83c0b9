package rankbench.experiment.lowrank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

/** Random tensors and forward-pass helpers shared by the low-rank tests. */
final class Fixtures {

    private Fixtures() {}

    static Tensor random(long seed, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new Tensor(shape, v);
    }

    static Matrix randomMatrix(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() * 2 - 1;
        }
        return new Matrix(rows, cols, d);
    }

    /** Runs {@code net} in inference mode on {@code input} ({@code N x C x H x W}) and returns the output. */
    static float[] forward(Network net, Tensor input) {
        try (NDManager m = net.manager().newSubManager()) {
            int[] s = input.shape();
            NDArray x = m.create(input.data(), new Shape(s[0], s[1], s[2], s[3]));
            return net.forward(x, false).toFloatArray();
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
