package rankbench.experiment.methods;

import ai.djl.ndarray.NDManager;
import rankbench.experiment.model.Network;
import rankbench.experiment.training.Optimizer;
import rankbench.experiment.training.TrainingContext;

/** A training context outside a loop, for calling hooks directly in tests. */
final class HookContexts {

    private HookContexts() {}

    static TrainingContext of(Network net, NDManager m) {
        return new TrainingContext() {
            @Override
            public Network network() {
                return net;
            }

            @Override
            public Optimizer optimizer() {
                return null;
            }

            @Override
            public int epoch() {
                return 0;
            }

            @Override
            public int batchInEpoch() {
                return 0;
            }

            @Override
            public long step() {
                return 0;
            }

            @Override
            public double learningRate() {
                return 0;
            }

            @Override
            public NDManager batchManager() {
                return m;
            }

            @Override
            public void publish(String kind, Object payload) {}
        };
    }
}
