package rankbench.experiment.lowrank;

import rankbench.experiment.model.Tensor;

/**
 * A Tucker-2 decomposition of a conv weight (docs/METHODS.md §1.2) by truncated HOSVD: {@code P_out} are
 * the leading {@code Ro} left singular vectors of the mode-0 unfolding, {@code P_in} the leading
 * {@code Ri} of the mode-1 unfolding, and the core is {@code G = W x0 P_out^T x1 P_in^T}.
 *
 * @param pOut {@code Cout x Ro}, orthonormal columns
 * @param pIn {@code Cin x Ri}, orthonormal columns
 * @param core {@code [Ro, Ri, kh, kw]}
 */
public record Tucker(Matrix pOut, Matrix pIn, Tensor core) {

    /** Decomposes {@code w} at ranks (Ro, Ri); SVDs come from {@code cache} under {@code layer}. */
    public static Tucker of(Tensor w, int outRank, int inRank, SpectrumCache cache, String layer) {
        int[] shape = w.shape();
        Matrix pOut = cache.svd(layer, w, Scheme.TUCKER2, 0).left(outRank, 0.0);
        Matrix pIn = cache.svd(layer, w, Scheme.TUCKER2, 1).left(inRank, 0.0);
        // Mode-0 product: (Ro x Cin*kh*kw), whose row-major data is the tensor [Ro, Cin, kh, kw].
        Matrix m0 = Svd.multiply(pOut, true, MatrixViews.modeUnfolding(w, 0), false);
        Matrix m1 = Svd.multiply(pIn, true, unfold1(m0.data(), outRank, shape[1], shape[2] * shape[3]), false);
        Tensor core = MatrixViews.fold(m1, 1, new int[] {outRank, inRank, shape[2], shape[3]});
        return new Tucker(pOut, pIn, core);
    }

    /** Returns the reconstruction {@code W_hat = W x0 (P_out P_out^T) x1 (P_in P_in^T)}. */
    public static Tensor project(Tensor w, int outRank, int inRank, SpectrumCache cache, String layer) {
        int[] shape = w.shape();
        Matrix pOut = cache.svd(layer, w, Scheme.TUCKER2, 0).left(outRank, 0.0);
        Matrix pIn = cache.svd(layer, w, Scheme.TUCKER2, 1).left(inRank, 0.0);
        Matrix m0 = MatrixViews.modeUnfolding(w, 0);
        Matrix p0 = Svd.multiply(pOut, false, Svd.multiply(pOut, true, m0, false), false);
        Matrix m1 = unfold1(p0.data(), shape[0], shape[1], shape[2] * shape[3]);
        Matrix p1 = Svd.multiply(pIn, false, Svd.multiply(pIn, true, m1, false), false);
        return MatrixViews.fold(p1, 1, shape);
    }

    /** Mode-1 unfolding of a row-major {@code [cout, cin, khw]} array held in double. */
    private static Matrix unfold1(double[] d, int cout, int cin, int khw) {
        double[] out = new double[d.length];
        int cols = cout * khw;
        for (int n = 0; n < cout; n++) {
            for (int c = 0; c < cin; c++) {
                System.arraycopy(d, (n * cin + c) * khw, out, c * cols + n * khw, khw);
            }
        }
        return new Matrix(cin, cols, out);
    }
}
