package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.RankRules;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.lowrank.Svd;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.Tensor;

/** docs/METHODS.md §5(e) and §7(e): what a TRP or S3 projection guarantees, on a ResNet-20 with random weights. */
@Tag("engine")
class ProjectionPropertiesTest {

    private static final FeatureShape IN = new FeatureShape(1, 28, 28);

    private static Network resnet() {
        return Network.create(Architecture.RESNET20.build(IN, 10), IN, 3);
    }

    private static double frob(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = (double) a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double frob2(Tensor a) {
        double s = 0;
        for (float v : a.data()) {
            s += (double) v * v;
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"channel", "spatial-vh"})
    void trpProjectionBoundsRankAndSatisfiesTheFrobeniusIdentity(String scheme) {
        try (Network net = resnet()) {
            List<LayerInfo> targets = Targets.defaults().select(net.layers());
            Map<String, Tensor> before = net.weights();
            TrpParams p = new TrpParams();
            p.setScheme(TrpScheme.fromId(scheme));
            p.setEnergyKeep(0.8);
            RankSnapshot snap = new TrpMethod.Hooks(p, targets).project(net, 0, 0);
            Scheme s = Scheme.fromId(scheme);
            for (int i = 0; i < targets.size(); i++) {
                String name = targets.get(i).name() + ".weight";
                Tensor w0 = before.get(name);
                Tensor w1 = net.weight(name);
                double[] s0 = Svd.values(MatrixViews.toMatrix(w0, s));
                int r = Svd.energyRank(s0, 0.8);
                assertEquals(r, snap.layers().get(i).rank().get(0));
                double[] s1 = Svd.values(MatrixViews.toMatrix(w1, s));
                if (r < s1.length) {
                    assertTrue(s1[r] < 1e-5 * s1[0], name + ": rank above " + r);
                }
                double tail = Svd.tailNorm(s0, r);
                assertEquals(tail, frob(w0, w1), 1e-4 * tail);
                assertTrue(frob2(w1) >= 0.8 * frob2(w0) * (1 - 1e-6));
            }
        }
    }

    @Test
    void periodicProjectionIsIdempotentAndLeavesOtherParametersBitIdentical() {
        try (Network net = resnet()) {
            List<LayerInfo> targets = Targets.defaults().select(net.layers());
            RankPlan plan = RankRules.uniformRank(targets, Scheme.CHANNEL, 5).resolve(net.layers(), Scheme.CHANNEL);
            Map<String, Tensor> before = net.weights();
            LraMethod.project(net, plan, new SpectrumCache(), 0, 0);
            Map<String, Tensor> once = net.weights();
            for (LayerInfo l : targets) {
                Tensor w0 = before.get(l.name() + ".weight");
                double[] s0 = Svd.values(MatrixViews.toMatrix(w0, Scheme.CHANNEL));
                double tail = Svd.tailNorm(s0, 5);
                assertEquals(tail, frob(w0, once.get(l.name() + ".weight")), 1e-4 * tail);
                double[] s1 = Svd.values(MatrixViews.toMatrix(once.get(l.name() + ".weight"), Scheme.CHANNEL));
                assertTrue(s1[5] < 1e-5 * s1[0]);
            }
            LraMethod.project(net, plan, new SpectrumCache(), 0, 0);
            Map<String, Tensor> twice = net.weights();
            for (Map.Entry<String, Tensor> e : once.entrySet()) {
                boolean target = targets.stream().anyMatch(l -> e.getKey().equals(l.name() + ".weight"));
                if (target) {
                    double rel = frob(e.getValue(), twice.get(e.getKey())) / Math.sqrt(frob2(e.getValue()));
                    assertTrue(rel < 1e-6, e.getKey() + " moved by " + rel);
                } else {
                    assertArrayEquals(
                            before.get(e.getKey()).data(), twice.get(e.getKey()).data(), 0f, e.getKey());
                }
            }
        }
    }
}
