package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.data.DataSource;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.CostModel;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.SavedModel;

/** The greedy sensitivity rule measures every candidate and meets its budget. */
@Tag("engine")
class SensitivityRuleTest {

    @Test
    void measuresEveryTargetLayerAndChoosesAPlanWithinTheMacBudget() {
        SavedModel m = ModelFiles.readDefault();
        DataSource src = Datasets.bundledFashionMnistSubset();
        double[] fractions = {0.25, 0.75};
        SensitivityRule rule = new SensitivityRule(
                src.train().limit(100),
                src.normalization(),
                Scheme.CHANNEL,
                Targets.defaults(),
                CostKind.MACS,
                2.0,
                fractions);
        SensitivityRule.Result r = rule.analyze(m);

        long base = CostModel.of(m.manifest().network(), m.manifest().input(), RankPlan.empty())
                .macs();
        assertTrue(r.met(), "budget not met: " + r.cost() + " of " + base);
        assertEquals(base / 2.0, r.target(), 1.0);
        long planned = CostModel.of(m.manifest().network(), m.manifest().input(), r.plan())
                .macs();
        assertEquals(r.cost(), planned);
        assertTrue(planned <= r.target());
        Set<String> measured = r.rows().stream().map(SensitivityRule.Row::layer).collect(Collectors.toSet());
        assertTrue(
                r.plan().layers().entrySet().stream()
                        .filter(e -> e.getValue().factorized())
                        .allMatch(e -> measured.contains(e.getKey())),
                "a chosen layer was never measured");
        for (SensitivityRule.Row row : r.rows()) {
            assertEquals(r.baseAccuracy() - row.accuracy(), row.drop(), 1e-12);
            assertTrue(row.saved() > 0);
        }
    }

    @Test
    void aReductionBelowOneIsRejected() {
        DataSource src = Datasets.bundledFashionMnistSubset();
        assertThrows(
                IllegalArgumentException.class,
                () -> new SensitivityRule(
                        src.train(),
                        src.normalization(),
                        Scheme.CHANNEL,
                        Targets.defaults(),
                        CostKind.MACS,
                        0.5,
                        SensitivityRule.DEFAULT_FRACTIONS));
    }
}
