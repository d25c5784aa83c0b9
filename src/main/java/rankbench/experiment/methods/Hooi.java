package rankbench.experiment.methods;

import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.Tensor;

/**
 * Tucker-2 by higher-order orthogonal iteration (docs/METHODS.md §4): starting from the truncated HOSVD,
 * each sweep replaces {@code P_out} by the leading {@code Ro} left singular vectors of the mode-0
 * unfolding of {@code W x1 P_in^T}, then {@code P_in} by the leading {@code Ri} of the mode-1 unfolding
 * of {@code W x0 P_out^T}. Each half-sweep maximizes the core's norm given the other factor, so the
 * error {@code ||W - W_hat||_F} never increases.
 */
final class Hooi {

    private Hooi() {}

    /** The two factors ({@code Cout x Ro}, {@code Cin x Ri}, orthonormal columns). */
    record Factors(Matrix pOut, Matrix pIn) {}

    /** Returns the factors after {@code sweeps} HOOI sweeps from the HOSVD (0 = the HOSVD itself). */
    static Factors factors(Tensor w, int outRank, int inRank, int sweeps) {
        int spatial = w.shape()[2] * w.shape()[3];
        if (inRank > outRank * spatial || outRank > inRank * spatial) {
            throw new IllegalArgumentException(
                    "Tucker-2 ranks (" + outRank + ", " + inRank + ") cannot be reached with a "
                            + w.shape()[2] + "x" + w.shape()[3] + " kernel: each rank must be at most the other times "
                            + spatial);
        }
        Matrix pOut = Svd.thin(MatrixViews.modeUnfolding(w, 0)).left(outRank, 0.0);
        Matrix pIn = Svd.thin(MatrixViews.modeUnfolding(w, 1)).left(inRank, 0.0);
        for (int i = 0; i < sweeps; i++) {
            Tensor a = Structures.modeProduct(w, pIn.transpose(), 1);
            pOut = Svd.thin(MatrixViews.modeUnfolding(a, 0)).left(outRank, 0.0);
            Tensor b = Structures.modeProduct(w, pOut.transpose(), 0);
            pIn = Svd.thin(MatrixViews.modeUnfolding(b, 1)).left(inRank, 0.0);
        }
        return new Factors(pOut, pIn);
    }

    /** Returns the reconstruction {@code W x0 (P_out P_out^T) x1 (P_in P_in^T)} of multilinear rank (Ro, Ri). */
    static Tensor reconstruct(Tensor w, Factors f) {
        Matrix po = Svd.multiply(f.pOut(), false, f.pOut(), true);
        Matrix pi = Svd.multiply(f.pIn(), false, f.pIn(), true);
        return Structures.modeProduct(Structures.modeProduct(w, po, 0), pi, 1);
    }

    /** Returns {@code ||W - W_hat||_F^2} of a reconstruction. */
    static double error2(Tensor w, Tensor hat) {
        double e = 0;
        for (int i = 0; i < w.size(); i++) {
            double d = (double) w.data()[i] - hat.data()[i];
            e += d * d;
        }
        return e;
    }
}
