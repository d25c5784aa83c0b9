package rankbench.experiment.lowrank;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Singular value decompositions through LAPACK (OpenBLAS via JavaCPP), in double precision
 * (docs/METHODS.md §1.4).
 *
 * <p>A row-major {@code m x n} matrix is, read column-major, its transpose; the routines here
 * decompose that transpose, so no copy or transpose is needed on the way in or out.
 *
 * <p>Three routes: {@link #thin} (U, s, V^T; for truncation and factorization), {@link #values}
 * (exact singular values) and {@link #fastValues} (Gram matrix + symmetric eigenvalues; for display:
 * values below about {@code 1e-7 * s_1} lose relative precision).
 */
public final class Svd {

    /**
     * The OpenBLAS thread count set at first use: the system property {@code rankbench.blas.threads},
     * default 1. Measured on 2 busy cores (training running): ResNet-18 spectra took 0.23 s with one
     * thread and 0.4–13 s with two, because OpenBLAS's worker threads spin while waiting for a core.
     */
    public static final int DEFAULT_THREADS = Math.max(1, Integer.getInteger("rankbench.blas.threads", 1));

    static {
        setThreads(DEFAULT_THREADS);
    }

    private Svd() {}

    /**
     * A thin SVD {@code M = U diag(s) V^T}.
     *
     * @param u {@code m x p}, orthonormal columns
     * @param s {@code p} singular values, descending, {@code p = min(m, n)}
     * @param vt {@code p x n}, orthonormal rows
     */
    public record Decomposition(Matrix u, double[] s, Matrix vt) {

        /** Returns the number of singular values, {@code min(m, n)}. */
        public int p() {
            return s.length;
        }

        /** Returns {@code U_r diag(s_r)^a} ({@code m x r}). */
        public Matrix left(int r, double a) {
            checkRank(r);
            int m = u.rows();
            int p = u.cols();
            Matrix out = Matrix.zeros(m, r);
            for (int k = 0; k < r; k++) {
                double f = Math.pow(s[k], a);
                for (int i = 0; i < m; i++) {
                    out.data()[i * r + k] = u.data()[i * p + k] * f;
                }
            }
            return out;
        }

        /** Returns {@code diag(s_r)^b V_r^T} ({@code r x n}). */
        public Matrix right(int r, double b) {
            checkRank(r);
            int n = vt.cols();
            Matrix out = Matrix.zeros(r, n);
            for (int k = 0; k < r; k++) {
                double f = Math.pow(s[k], b);
                for (int j = 0; j < n; j++) {
                    out.data()[k * n + j] = vt.data()[k * n + j] * f;
                }
            }
            return out;
        }

        /** Returns the rank-{@code r} truncation {@code U_r diag(s_r) V_r^T} (Eckart–Young optimum). */
        public Matrix truncate(int r) {
            checkRank(r);
            int m = u.rows();
            int n = vt.cols();
            Matrix c = Matrix.zeros(m, n);
            if (r == 0 || m == 0 || n == 0) {
                return c;
            }
            Matrix a = left(r, 1.0);
            openblas.cblas_dgemm(
                    CblasRowMajor,
                    CblasNoTrans,
                    CblasNoTrans,
                    m,
                    n,
                    r,
                    1.0,
                    a.data(),
                    r,
                    vt.data(),
                    n,
                    0.0,
                    c.data(),
                    n);
            return c;
        }

        private void checkRank(int r) {
            if (r < 0 || r > s.length) {
                throw new IllegalArgumentException("rank " + r + " outside 0.." + s.length);
            }
        }
    }

    /**
     * Sets the number of OpenBLAS threads used by every later call (all threads of the process share
     * it). One thread avoids the heavy slow-down of OpenBLAS's spinning worker threads when the cores
     * are busy (training, UI); see {@link #threads()}.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Loader.load(openblas.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
    }

    /** Returns the number of OpenBLAS threads. */
    public static int threads() {
        Loader.load(openblas.class);
        return org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads();
    }

    /** Computes the thin SVD with LAPACK {@code dgesdd}. */
    public static Decomposition thin(Matrix m) {
        int rows = m.rows();
        int cols = m.cols();
        int p = Math.min(rows, cols);
        if (p == 0) {
            return new Decomposition(Matrix.zeros(rows, 0), new double[0], Matrix.zeros(0, cols));
        }
        // Column-major view of the data is X = M^T (cols x rows); X = U' S VT' gives V^T = U'^T, U = VT'^T,
        // and U' (column-major cols x p) read row-major is exactly V^T (p x cols); VT' likewise is U.
        double[] a = m.data().clone();
        double[] s = new double[p];
        double[] vt = new double[p * cols];
        double[] u = new double[rows * p];
        int info = openblas.LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'S', cols, rows, a, cols, s, vt, cols, u, p);
        check(info, "dgesdd");
        return new Decomposition(new Matrix(rows, p, u), s, new Matrix(p, cols, vt));
    }

    /** Returns the exact singular values (descending) with LAPACK {@code dgesdd} without vectors. */
    public static double[] values(Matrix m) {
        int p = m.fullRank();
        if (p == 0) {
            return new double[0];
        }
        double[] a = m.data().clone();
        double[] s = new double[p];
        double[] dummy = new double[1];
        int info = openblas.LAPACKE_dgesdd(
                LAPACK_COL_MAJOR, (byte) 'N', m.cols(), m.rows(), a, m.cols(), s, dummy, 1, dummy, 1);
        check(info, "dgesdd");
        return s;
    }

    /**
     * Returns the singular values (descending) through the Gram matrix of the shorter side
     * ({@code dsyrk}) and its eigenvalues ({@code dsyevd}). Several times faster than {@link #values} on
     * wide matrices; absolute error about {@code 1e-8 * s_1}, so tiny values are imprecise. For display.
     */
    public static double[] fastValues(Matrix m) {
        int rows = m.rows();
        int cols = m.cols();
        int p = Math.min(rows, cols);
        if (p == 0) {
            return new double[0];
        }
        double[] g = new double[p * p];
        if (rows <= cols) {
            openblas.cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, rows, cols, 1.0, m.data(), cols, 0.0, g, p);
        } else {
            openblas.cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, cols, rows, 1.0, m.data(), cols, 0.0, g, p);
        }
        double[] w = new double[p];
        // Row-major upper triangle = column-major lower triangle.
        int info = openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', p, g, p, w);
        check(info, "dsyevd");
        double[] s = new double[p];
        for (int k = 0; k < p; k++) {
            s[k] = Math.sqrt(Math.max(0.0, w[p - 1 - k]));
        }
        return s;
    }

    /** Returns {@code sqrt(sum_{i >= r} s_i^2)}: the Frobenius error of the rank-r truncation. */
    public static double tailNorm(double[] s, int r) {
        double t = 0;
        for (int i = Math.max(0, r); i < s.length; i++) {
            t += s[i] * s[i];
        }
        return Math.sqrt(t);
    }

    /**
     * Returns the smallest {@code k >= 1} with {@code sum_{i<=k} s_i^2 >= keep * sum_i s_i^2}, or
     * {@code p} if none (docs/METHODS.md §1.4 {@code energyRank}).
     */
    public static int energyRank(double[] s, double keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("energy to keep must be in [0, 1], got " + keep);
        }
        double total = 0;
        for (double v : s) {
            total += v * v;
        }
        double acc = 0;
        for (int k = 0; k < s.length; k++) {
            acc += s[k] * s[k];
            if (acc >= keep * total) {
                return k + 1;
            }
        }
        return s.length;
    }

    /** Returns the number of singular values {@code >= t} (docs/METHODS.md §1.4 {@code valueRank}; may be 0). */
    public static int valueRank(double[] s, double t) {
        int k = 0;
        while (k < s.length && s[k] >= t) {
            k++;
        }
        return k;
    }

    /** Returns {@code op(a) * op(b)} with LAPACK's {@code dgemm}, where {@code op} transposes if asked. */
    public static Matrix multiply(Matrix a, boolean transA, Matrix b, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("cannot multiply: inner dimensions " + k + " and " + kb);
        }
        Matrix c = Matrix.zeros(m, n);
        if (m == 0 || n == 0 || k == 0) {
            return c;
        }
        openblas.cblas_dgemm(
                CblasRowMajor,
                transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                1.0,
                a.data(),
                a.cols(),
                b.data(),
                b.cols(),
                0.0,
                c.data(),
                n);
        return c;
    }

    private static void check(int info, String routine) {
        if (info != 0) {
            throw new IllegalStateException(routine + " failed (info " + info + ")"
                    + (info > 0 ? ": the SVD did not converge" : ": illegal argument"));
        }
    }
}
