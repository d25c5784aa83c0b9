package rankbench.experiment.lowrank;

import java.util.Arrays;
import rankbench.experiment.model.Tensor;

/**
 * Exact, invertible matrix views of weight tensors (docs/METHODS.md §1.1).
 *
 * <p>A conv weight is {@code W[n, c, i, j]} (OIHW). A linear weight {@code [out, in]} is its own
 * matrix under every matrix scheme. Widening float to double and narrowing back is exact, so
 * {@code toTensor(toMatrix(w, s), s, shape)} equals {@code w} bit for bit.
 */
public final class MatrixViews {

    private MatrixViews() {}

    /** Returns the rows and columns of the view of a weight of {@code shape} under {@code scheme}. */
    public static int[] matrixShape(int[] shape, Scheme scheme) {
        if (shape.length == 2) {
            requireMatrixScheme(scheme);
            return new int[] {shape[0], shape[1]};
        }
        requireConv(shape);
        int cout = shape[0];
        int cin = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        return switch (scheme) {
            case CHANNEL -> new int[] {cout, cin * kh * kw};
            case SPATIAL -> new int[] {cout * kh, cin * kw};
            case SPATIAL_VH -> new int[] {cin * kh, cout * kw};
            case INPUT -> new int[] {cout * kh * kw, cin};
            case LINEAR ->
                throw new IllegalArgumentException("scheme linear needs a 2-D weight, got " + Arrays.toString(shape));
            case TUCKER2 ->
                throw new IllegalArgumentException("Tucker-2 has no single matrix view; use modeUnfolding(w, 0 or 1)");
        };
    }

    /** Returns the matrix view of a conv (OIHW) or linear ({@code out x in}) weight. */
    public static Matrix toMatrix(Tensor w, Scheme scheme) {
        int[] shape = w.shape();
        int[] ms = matrixShape(shape, scheme);
        float[] src = w.data();
        double[] dst = new double[src.length];
        if (shape.length == 2 || scheme == Scheme.CHANNEL) {
            for (int k = 0; k < src.length; k++) {
                dst[k] = src[k];
            }
            return new Matrix(ms[0], ms[1], dst);
        }
        int cols = ms[1];
        int cout = shape[0];
        int cin = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        int k = 0;
        for (int n = 0; n < cout; n++) {
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        dst[index(scheme, n, c, i, j, cout, cin, kh, kw, cols)] = src[k++];
                    }
                }
            }
        }
        return new Matrix(ms[0], ms[1], dst);
    }

    /** Returns the weight tensor of {@code shape} whose view under {@code scheme} is {@code m} (values narrowed to float). */
    public static Tensor toTensor(Matrix m, Scheme scheme, int[] shape) {
        int[] ms = matrixShape(shape, scheme);
        if (m.rows() != ms[0] || m.cols() != ms[1]) {
            throw new IllegalArgumentException("matrix " + m.rows() + "x" + m.cols() + " is not the " + scheme.id()
                    + " view of " + Arrays.toString(shape) + " (expected " + ms[0] + "x" + ms[1] + ")");
        }
        double[] src = m.data();
        float[] dst = new float[src.length];
        if (shape.length == 2 || scheme == Scheme.CHANNEL) {
            for (int k = 0; k < src.length; k++) {
                dst[k] = (float) src[k];
            }
            return new Tensor(shape.clone(), dst);
        }
        int cols = ms[1];
        int cout = shape[0];
        int cin = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        int k = 0;
        for (int n = 0; n < cout; n++) {
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        dst[k++] = (float) src[index(scheme, n, c, i, j, cout, cin, kh, kw, cols)];
                    }
                }
            }
        }
        return new Tensor(shape.clone(), dst);
    }

    /**
     * Returns the mode-{@code mode} unfolding of a conv weight: mode 0 is {@code Cout x (Cin*kh*kw)}
     * (same as R1), mode 1 is {@code Cin x (Cout*kh*kw)} with {@code M[c, (n*kh+i)*kw+j] = W[n,c,i,j]}.
     */
    public static Matrix modeUnfolding(Tensor w, int mode) {
        int[] shape = w.shape();
        requireConv(shape);
        if (mode == 0) {
            return toMatrix(w, Scheme.CHANNEL);
        }
        if (mode != 1) {
            throw new IllegalArgumentException("mode must be 0 or 1, got " + mode);
        }
        int cout = shape[0];
        int cin = shape[1];
        int khw = shape[2] * shape[3];
        float[] src = w.data();
        double[] dst = new double[src.length];
        int cols = cout * khw;
        for (int n = 0; n < cout; n++) {
            for (int c = 0; c < cin; c++) {
                int s = (n * cin + c) * khw;
                int d = c * cols + n * khw;
                for (int q = 0; q < khw; q++) {
                    dst[d + q] = src[s + q];
                }
            }
        }
        return new Matrix(cin, cols, dst);
    }

    /** Inverts {@link #modeUnfolding}: folds a mode-0 or mode-1 unfolding back into a tensor of {@code shape}. */
    public static Tensor fold(Matrix m, int mode, int[] shape) {
        requireConv(shape);
        if (mode == 0) {
            return toTensor(m, Scheme.CHANNEL, shape);
        }
        if (mode != 1) {
            throw new IllegalArgumentException("mode must be 0 or 1, got " + mode);
        }
        int cout = shape[0];
        int cin = shape[1];
        int khw = shape[2] * shape[3];
        if (m.rows() != cin || m.cols() != cout * khw) {
            throw new IllegalArgumentException("matrix " + m.rows() + "x" + m.cols()
                    + " is not the mode-1 unfolding of " + Arrays.toString(shape));
        }
        double[] src = m.data();
        float[] dst = new float[src.length];
        int cols = cout * khw;
        for (int n = 0; n < cout; n++) {
            for (int c = 0; c < cin; c++) {
                int d = (n * cin + c) * khw;
                int s = c * cols + n * khw;
                for (int q = 0; q < khw; q++) {
                    dst[d + q] = (float) src[s + q];
                }
            }
        }
        return new Tensor(shape.clone(), dst);
    }

    private static int index(Scheme s, int n, int c, int i, int j, int cout, int cin, int kh, int kw, int cols) {
        return switch (s) {
            case SPATIAL -> (n * kh + i) * cols + c * kw + j;
            case SPATIAL_VH -> (c * kh + i) * cols + n * kw + j;
            case INPUT -> ((n * kh + i) * kw + j) * cols + c;
            case CHANNEL -> n * cols + (c * kh + i) * kw + j;
            default -> throw new IllegalArgumentException("no matrix view for scheme " + s.id());
        };
    }

    private static void requireConv(int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected a 4-D conv weight (OIHW), got " + Arrays.toString(shape));
        }
    }

    private static void requireMatrixScheme(Scheme scheme) {
        if (!scheme.isMatrix()) {
            throw new IllegalArgumentException(
                    "a linear layer is factorized as out x in; scheme " + scheme.id() + " does not apply");
        }
    }
}
