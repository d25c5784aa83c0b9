package rankbench.experiment.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import rankbench.experiment.lowrank.Matrix;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;
import rankbench.experiment.training.Optimizer;
import rankbench.experiment.training.TrainingContext;
import rankbench.experiment.training.TrainingHooks;
import rankbench.experiment.training.TrainingOutcome;

/** The per-epoch hooks: penalties, diagonal mask, optional no-decay on s, optimizer state carry-over. */
final class SvdTrainHooks implements TrainingHooks {
    private final SvdTrainParams p;
    private final Map<String, Integer> ranks;
    private final double weightDecay;
    private final Map<String, Tensor[]> state;

    SvdTrainHooks(SvdTrainParams p, Map<String, Integer> ranks, double weightDecay, Map<String, Tensor[]> state) {
        this.p = p;
        this.ranks = ranks;
        this.weightDecay = weightDecay;
        this.state = state;
    }

    @Override
    public void onRunStart(TrainingContext ctx) {
        Optimizer o = ctx.optimizer();
        NDManager m = ctx.network().manager();
        for (Map.Entry<String, Tensor[]> e : state.entrySet()) {
            NDArray[] arrays = new NDArray[e.getValue().length];
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = MethodSupport.array(m, e.getValue()[i]);
            }
            o.setState(e.getKey(), arrays);
        }
        state.clear();
    }

    /**
     * Adds the penalties' gradients, keeps the middle conv diagonal, cancels the decay of s and (if asked)
     * balances the steps. The penalties are differentiated here, outside the gradient tape, on copies of
     * the weights: the autograd version needed views of the parameters inside the tape, and with those the
     * loss sporadically became NaN or exploded within a few batches (see docs/METHODS.md §3).
     */
    @Override
    public void beforeOptimizerStep(TrainingContext ctx) {
        NDManager m = ctx.batchManager();
        var params = ctx.network().parameters();
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            int r = e.getValue();
            NDArray s = params.get(e.getKey() + ".1.weight").getArray();
            NDArray v = params.get(e.getKey() + ".0.weight").getArray();
            NDArray u = params.get(e.getKey() + ".2.weight").getArray();
            if (!s.hasGradient() || !v.hasGradient() || !u.hasGradient()) {
                continue;
            }
            NDArray eye = at(m, m.eye(r));
            double c = 4 * p.getOrthWeight() / ((double) r * r);
            if (c > 0) {
                // d/dVt ||Vt Vt^T - I||^2 = 4 (Vt Vt^T - I) Vt;  d/dU ||U^T U - I||^2 = 4 U (U^T U - I)
                NDArray vt = at(m, at(m, v.duplicate()).reshape(r, -1));
                NDArray gv = at(
                        m,
                        at(
                                        m,
                                        at(
                                                        m,
                                                        at(m, vt.matMul(at(m, vt.transpose())))
                                                                .sub(eye))
                                                .matMul(vt))
                                .mul((float) c));
                MethodSupport.addToGradient(v, at(m, gv.reshape(v.getShape())));
                NDArray uu = at(m, at(m, u.duplicate()).reshape(-1, r));
                NDArray gu = at(
                        m,
                        at(
                                        m,
                                        uu.matMul(at(
                                                m,
                                                at(m, at(m, uu.transpose()).matMul(uu))
                                                        .sub(eye))))
                                .mul((float) c));
                MethodSupport.addToGradient(u, at(m, gu.reshape(u.getShape())));
            }
            if (p.getSparsityWeight() > 0) {
                MethodSupport.addToGradient(s, at(m, at(m, s.sign()).mul((float) p.getSparsityWeight())));
            }
            NDArray mask = at(m, eye.reshape(r, r, 1, 1));
            try (NDArray g = s.getGradient()) {
                g.muli(mask);
                if (!p.isDecaySingularValues() && weightDecay > 0) {
                    g.subi(at(m, s.mul((float) weightDecay))); // cancels the optimizer's decay on s
                }
            }
            if (p.isBalancedSteps()) {
                // dL/dU = G V diag(s) and dL/dV = G^T U diag(s): a step on U or V moves W = U diag(s) V^T by
                // lr s_k^2 along component k, so the SVD form trains large components at up to 2 s_max^2 + 1
                // times the dense learning rate. Scaling component k's U and V gradients by 1 / max(1, s_k^2)
                // makes the step on W at most the dense one.
                NDArray d = at(
                        m,
                        at(m, at(m, at(m, s.reshape(r, r)).mul(eye)).sum(new int[] {1}))
                                .square());
                NDArray k = at(m, at(m, d.maximum(1f)).pow(-1f));
                scale(v, at(m, k.reshape(r, 1, 1, 1)));
                scale(u, at(m, k.reshape(1, r, 1, 1)));
            }
        }
    }

    /** Returns the penalty {@code lambda_o (O(U) + O(V)) + lambda_s ||s||_1} of the current weights (no gradient). */
    double penalty(Network net) {
        double total = 0;
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            int r = e.getValue();
            Matrix vt = Structures.matrix(net.weight(e.getKey() + ".0.weight"));
            Matrix uu = Structures.matrix(net.weight(e.getKey() + ".2.weight")); // Cout x r
            total += p.getOrthWeight()
                    * (Svd.multiply(vt, false, vt, true).squaredDistanceToIdentity()
                            + Svd.multiply(uu, true, uu, false).squaredDistanceToIdentity())
                    / ((double) r * r);
            double[] sd = SvdTrainMethod.diag(net.weight(e.getKey() + ".1.weight"));
            for (double x : sd) {
                total += p.getSparsityWeight() * Math.abs(x);
            }
        }
        return total;
    }

    private static void scale(NDArray w, NDArray factor) {
        if (!w.hasGradient()) {
            return;
        }
        try (NDArray g = w.getGradient()) {
            g.muli(factor);
        }
    }

    @Override
    public void onRunEnd(TrainingContext ctx, TrainingOutcome outcome) {
        Optimizer o = ctx.optimizer();
        for (String name : ctx.network().parameters().keySet()) {
            NDArray[] st = o.state(name);
            if (st == null) {
                continue;
            }
            Tensor[] copy = new Tensor[st.length];
            for (int i = 0; i < st.length; i++) {
                copy[i] = SvdTrainMethod.tensor(st[i]);
            }
            state.put(name, copy);
        }
    }

    private static NDArray at(NDManager m, NDArray x) {
        x.attach(m);
        return x;
    }
}
