package rankbench.experiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;
import rankbench.experiment.model.Engines;

/**
 * First-order optimizers with PyTorch semantics, applied in place to a network's parameters.
 *
 * <p>Gradients are read after backward, the update is applied without autograd, and gradients are
 * zeroed afterwards. Per-parameter state (momentum, Adam moments) lives in a manager owned by the
 * optimizer and is keyed by the parameter's PyTorch-style name, so a method can inspect, slice or
 * drop it ({@link #state(String)}, {@link #dropState(String)}).
 */
public abstract class Optimizer implements AutoCloseable {

    /** Decoupled from the learning rate: L2 coefficient added to the gradient (PyTorch weight_decay). */
    protected final double weightDecay;

    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new HashMap<>();

    protected Optimizer(NDManager parent, double weightDecay) {
        this.weightDecay = weightDecay;
        this.stateManager = parent.newSubManager();
    }

    /** SGD with momentum (PyTorch convention {@code v = m v + g}) and optional Nesterov. */
    public static Optimizer sgd(NDManager parent, double momentum, boolean nesterov, double weightDecay) {
        return new Sgd(parent, momentum, nesterov, weightDecay);
    }

    /** Adam (Kingma and Ba) with L2 weight decay added to the gradient. */
    public static Optimizer adam(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(parent, beta1, beta2, eps, weightDecay);
    }

    /** Updates every trainable parameter with its gradient at learning rate {@code lr}, then zeroes gradients. */
    public void step(Map<String, Parameter> parameters, double lr) {
        Engines.noGradOnThisThread();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray w = p.getArray();
            if (!w.hasGradient()) {
                continue;
            }
            try (NDArray g = w.getGradient()) {
                if (weightDecay != 0) {
                    try (NDArray d = w.mul(weightDecay)) {
                        g.addi(d);
                    }
                }
                update(e.getKey(), w, g, lr);
            }
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }

    /** Zeroes all gradients without updating (e.g. after a skipped step). */
    public static void zeroGradients(Map<String, Parameter> parameters) {
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }

    /** Applies one update to {@code w} given its (decayed) gradient {@code g}, which may be overwritten. */
    protected abstract void update(String name, NDArray w, NDArray g, double lr);

    /** Returns the state arrays of a parameter (created on first use as zeros like {@code w}). */
    protected NDArray[] stateFor(String name, NDArray w, int count) {
        return state.computeIfAbsent(name, k -> {
            NDArray[] s = new NDArray[count];
            for (int i = 0; i < count; i++) {
                s[i] = stateManager.zeros(w.getShape(), w.getDataType());
            }
            return s;
        });
    }

    /** Returns the state of a parameter, or null if it has none yet. */
    public NDArray[] state(String name) {
        return state.get(name);
    }

    /** Replaces the state of a parameter (arrays are attached to the optimizer's manager). */
    public void setState(String name, NDArray[] arrays) {
        dropState(name);
        for (NDArray a : arrays) {
            a.attach(stateManager);
        }
        state.put(name, arrays);
    }

    /** Forgets the state of one parameter (it restarts from zero). */
    public void dropState(String name) {
        NDArray[] old = state.remove(name);
        if (old != null) {
            for (NDArray a : old) {
                a.close();
            }
        }
    }

    /** Forgets all state. */
    public void reset() {
        for (String name : state.keySet().toArray(new String[0])) {
            dropState(name);
        }
    }

    @Override
    public void close() {
        state.clear();
        stateManager.close();
    }

    private static final class Sgd extends Optimizer {
        private final double momentum;
        private final boolean nesterov;

        Sgd(NDManager parent, double momentum, boolean nesterov, double weightDecay) {
            super(parent, weightDecay);
            if (nesterov && momentum <= 0) {
                throw new IllegalArgumentException("Nesterov momentum requires momentum > 0");
            }
            this.momentum = momentum;
            this.nesterov = nesterov;
        }

        @Override
        protected void update(String name, NDArray w, NDArray g, double lr) {
            if (momentum == 0) {
                try (NDArray d = g.mul(lr)) {
                    w.subi(d);
                }
                return;
            }
            boolean fresh = state(name) == null;
            NDArray v = stateFor(name, w, 1)[0];
            if (fresh) {
                v.addi(g); // PyTorch: the first buffer is the gradient itself
            } else {
                v.muli(momentum).addi(g);
            }
            if (nesterov) {
                try (NDArray mv = v.mul(momentum)) {
                    g.addi(mv);
                }
                g.muli(lr);
                w.subi(g);
            } else {
                try (NDArray d = v.mul(lr)) {
                    w.subi(d);
                }
            }
        }
    }

    private static final class Adam extends Optimizer {
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final Map<String, Integer> steps = new HashMap<>();

        Adam(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
            super(parent, weightDecay);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override
        protected void update(String name, NDArray w, NDArray g, double lr) {
            NDArray[] s = stateFor(name, w, 2);
            int t = steps.merge(name, 1, Integer::sum);
            s[0].muli(beta1);
            try (NDArray a = g.mul(1 - beta1)) {
                s[0].addi(a);
            }
            s[1].muli(beta2);
            try (NDArray g2 = g.square()) {
                g2.muli(1 - beta2);
                s[1].addi(g2);
            }
            double c1 = 1 - Math.pow(beta1, t);
            double c2 = 1 - Math.pow(beta2, t);
            try (NDArray scaled = s[1].div(c2);
                    NDArray denom = scaled.sqrt()) {
                denom.addi(eps);
                try (NDArray upd = s[0].div(denom)) {
                    upd.muli(lr / c1);
                    w.subi(upd);
                }
            }
        }

        @Override
        public void dropState(String name) {
            super.dropState(name);
            steps.remove(name);
        }
    }
}
