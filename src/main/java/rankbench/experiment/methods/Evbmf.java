package rankbench.experiment.methods;

import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.Svd;

/**
 * Empirical variational Bayesian matrix factorization (Nakajima et al. 2013), analytic solution, used
 * to estimate the rank of a matrix with unknown noise variance (docs/METHODS.md §2).
 *
 * <p>The noise variance is found by minimizing the EVB free energy over {@code u = log sigma^2} on the
 * reference search interval: a grid of {@link #GRID} points, then golden-section search around the
 * best grid point (tolerance {@code 1e-10} in {@code u}). Working on {@code log sigma^2} makes the
 * estimate exactly scale invariant ({@code rank(cY) = rank(Y)}, {@code sigma2(cY) = c^2 sigma2(Y)});
 * the reference's absolute tolerance 1e-5 on {@code sigma^2} is meaningless for conv weights.
 */
public final class Evbmf {

    /** The constant of the reference implementation: {@code tau_bar = 2.5129 sqrt(alpha)}. */
    public static final double TAU_CONSTANT = 2.5129;

    /** Grid points of the coarse search over {@code log sigma^2}. */
    public static final int GRID = 200;

    private Evbmf() {}

    /**
     * The estimate for one matrix.
     *
     * @param rank number of singular values strictly above the threshold (may be 0)
     * @param sigma2 the noise variance used (estimated, or the given one)
     * @param threshold {@code gamma_EVB = sqrt(M sigma^2 x_bar)}
     * @param l the shorter side
     * @param m the longer side
     */
    public record Result(int rank, double sigma2, double threshold, int l, int m) {}

    /** Estimates the rank of {@code y} with the noise variance estimated (reference constant for tau). */
    public static Result estimate(Matrix y) {
        return estimate(Svd.values(y), y.rows(), y.cols(), null, false);
    }

    /**
     * Estimates the rank from the full spectrum of an {@code rows x cols} matrix (descending, all
     * {@code min(rows, cols)} values). The matrix is treated as {@code L x M} with {@code L <= M}
     * (transposing changes nothing), {@code H = L}.
     *
     * @param sigma2 known noise variance, or null to estimate it
     * @param exactTau true to use the exact root of {@code phi(t) + phi(t/alpha) = 0} instead of
     *     {@code 2.5129 sqrt(alpha)}
     */
    public static Result estimate(double[] s, int rows, int cols, Double sigma2, boolean exactTau) {
        int l = Math.min(rows, cols);
        int m = Math.max(rows, cols);
        if (s.length != l) {
            throw new IllegalArgumentException("need all " + l + " singular values, got " + s.length);
        }
        if (l == 0) {
            return new Result(0, 0, 0, l, m);
        }
        double alpha = (double) l / m;
        double tb = exactTau ? exactTauBar(alpha) : TAU_CONSTANT * Math.sqrt(alpha);
        double xb = (1 + tb) * (1 + alpha / tb);
        double total = 0;
        for (double v : s) {
            total += v * v;
        }
        double sig2;
        if (sigma2 != null) {
            if (!(sigma2 > 0)) {
                throw new IllegalArgumentException("noise variance must be > 0, got " + sigma2);
            }
            sig2 = sigma2;
        } else {
            if (total == 0) {
                return new Result(0, 0, 0, l, m);
            }
            int hb = Math.min((int) Math.ceil(l / (1 + alpha)) - 1, l);
            double hi = total / ((double) l * m);
            double tail = 0;
            for (int h = hb; h < l; h++) {
                tail += s[h] * s[h];
            }
            double lo = Math.max(s[hb] * s[hb] / (m * xb), tail / (l - hb) / m);
            if (!(lo > 0)) {
                lo = hi * 1e-12;
            }
            if (lo >= hi) {
                lo = hi * (1 - 1e-9);
            }
            sig2 = Math.exp(minimize(s, l, m, alpha, xb, Math.log(lo), Math.log(hi)));
        }
        double thr = Math.sqrt(m * sig2 * xb);
        int rank = 0;
        while (rank < l && s[rank] > thr) {
            rank++;
        }
        return new Result(rank, sig2, thr, l, m);
    }

    /** Returns the EVB objective {@code Omega(sigma^2)} (up to constants) at {@code u = log sigma^2}. */
    static double omega(double[] s, int l, int m, double alpha, double xb, double u) {
        double sig2 = Math.exp(u);
        double sum = 0;
        for (int h = 0; h < l; h++) {
            double x = s[h] * s[h] / (m * sig2);
            if (x <= 0) {
                // a zero singular value: psi0 = x - log x, with x -> 0 replaced by its sigma-dependent part
                sum += u;
                continue;
            }
            double psi0 = x - Math.log(x);
            if (x > xb) {
                double a = x - (1 + alpha);
                double tau = (a + Math.sqrt(Math.max(0, a * a - 4 * alpha))) / 2;
                psi0 += Math.log(tau + 1) + alpha * Math.log(tau / alpha + 1) - tau;
            }
            sum += psi0;
        }
        return sum;
    }

    private static double minimize(double[] s, int l, int m, double alpha, double xb, double a, double b) {
        double best = a;
        double bestV = Double.POSITIVE_INFINITY;
        int bestI = 0;
        double step = (b - a) / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            double u = a + i * step;
            double v = omega(s, l, m, alpha, xb, u);
            if (v < bestV) {
                bestV = v;
                best = u;
                bestI = i;
            }
        }
        double lo = a + Math.max(0, bestI - 1) * step;
        double hi = a + Math.min(GRID - 1, bestI + 1) * step;
        double g = (Math.sqrt(5) - 1) / 2;
        double c = hi - g * (hi - lo);
        double d = lo + g * (hi - lo);
        double fc = omega(s, l, m, alpha, xb, c);
        double fd = omega(s, l, m, alpha, xb, d);
        for (int it = 0; it < 200 && hi - lo > 1e-10; it++) {
            if (fc < fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - g * (hi - lo);
                fc = omega(s, l, m, alpha, xb, c);
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + g * (hi - lo);
                fd = omega(s, l, m, alpha, xb, d);
            }
        }
        double u = (lo + hi) / 2;
        return omega(s, l, m, alpha, xb, u) <= bestV ? u : best;
    }

    /** Returns the exact root {@code t > 0} of {@code phi(t) + phi(t/alpha) = 0}, {@code phi(z) = log(1+z)/z - 1/2}. */
    public static double exactTauBar(double alpha) {
        double lo = 1e-9;
        double hi = 1e7;
        for (int i = 0; i < 300; i++) {
            double mid = Math.sqrt(lo * hi);
            double f = phi(mid) + phi(mid / alpha);
            if (f > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    private static double phi(double z) {
        return Math.log1p(z) / z - 0.5;
    }
}
