package rankbench.experiment.lowrank;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles. Weights are widened from float, so converting back to float
 * is exact.
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param data {@code rows*cols} values, entry {@code (i, j)} at {@code i*cols + j}
 */
public record Matrix(int rows, int cols, double[] data) {

    /** Validates the dimensions. */
    public Matrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "matrix " + rows + "x" + cols + " needs " + (long) rows * cols + " values, got " + data.length);
        }
    }

    /** Creates a zero matrix. */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** Returns entry {@code (i, j)}. */
    public double get(int i, int j) {
        return data[i * cols + j];
    }

    /** Sets entry {@code (i, j)}. */
    public void set(int i, int j, double v) {
        data[i * cols + j] = v;
    }

    /** Returns {@code min(rows, cols)}, the largest possible rank. */
    public int fullRank() {
        return Math.min(rows, cols);
    }

    /** Returns the transpose (a new matrix). */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = data[i * cols + j];
            }
        }
        return t;
    }

    /** Returns the product {@code this * other} (plain triple loop; used for small matrices and tests). */
    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException(
                    "cannot multiply " + rows + "x" + cols + " by " + other.rows + "x" + other.cols);
        }
        Matrix p = zeros(rows, other.cols);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double a = data[i * cols + k];
                if (a == 0) {
                    continue;
                }
                int ob = k * other.cols;
                int pb = i * other.cols;
                for (int j = 0; j < other.cols; j++) {
                    p.data[pb + j] += a * other.data[ob + j];
                }
            }
        }
        return p;
    }

    /** Returns the Frobenius norm. */
    public double frobeniusNorm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Returns {@code ||G - I||_F^2}, the squared distance of this (square or not) matrix to the identity. */
    public double squaredDistanceToIdentity() {
        double t = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double d = get(i, j) - (i == j ? 1 : 0);
                t += d * d;
            }
        }
        return t;
    }

    /** Returns {@code ||this - other||_F}. */
    public double distance(Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("shape mismatch");
        }
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - other.data[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
