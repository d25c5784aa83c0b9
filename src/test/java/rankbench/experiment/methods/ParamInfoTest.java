package rankbench.experiment.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rankbench.experiment.lowrank.Scheme;

/** Every knob of every method is typed, described and valid by default; validation lives on each method. */
class ParamInfoTest {

    @Test
    void everyPropertyOfEveryMethodHasADescriptionAndEnumeratedOnesAreEnums() {
        for (RankLearningMethod<?> m : Methods.all().values()) {
            List<ParamInfo> infos = m.parameterInfo();
            assertFalse(infos.isEmpty(), m.id());
            for (ParamInfo i : infos) {
                assertTrue(i.description().length() > 20, m.id() + "." + i.name());
                assertFalse(i.category().isEmpty(), m.id() + "." + i.name());
                assertTrue(i.type().isPrimitive() || i.type().isEnum(), m.id() + "." + i.name() + " is " + i.type());
                assertTrue(i.value(m.defaultParameters()) != null, m.id() + "." + i.name());
            }
        }
        assertEquals(
                List.of("channel", "spatial-vh"),
                info(new TrpMethod(), "scheme").choices());
        assertEquals(
                List.of("truncated", "full"),
                info(new TrpMethod(), "nuclearMode").choices());
        assertEquals(List.of("params", "macs"), info(new LcMethod(), "cost").choices());
        assertEquals(
                List.of("budget", "ratio", "energy", "evbmf"),
                info(new LraMethod(), "rankRule").choices());
        assertEquals(Scheme.class, info(new LraMethod(), "scheme").type());
        assertEquals("batches", info(new TrpMethod(), "period").unit());
        assertTrue(ParamInfo.describe(SvdTrainParams.class, "warmup").endsWith("[fraction of the run, [0, 1)]"));
    }

    private static ParamInfo info(RankLearningMethod<?> m, String name) {
        return m.parameterInfo().stream()
                .filter(i -> i.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void defaultsAreValidForAnyNumberOfEpochsAndMethodsRefuseWhatCannotWork() {
        for (RankLearningMethod<?> m : Methods.all().values()) {
            for (int epochs : new int[] {1, 3, 200}) {
                assertEquals("", Methods.validationMessage(m.defaultParameters(), epochs), m.id() + " at " + epochs);
            }
            assertTrue(Methods.validationMessage(m.defaultParameters(), 0).contains("epochs"), m.id());
        }
        SvdTrainParams s = new SvdTrainParams();
        s.setWarmup(0.7);
        s.setFinalFraction(0.4);
        assertTrue(Methods.validationMessage(s).contains("warmup + finalFraction"), Methods.validationMessage(s));
        TrpParams t = new TrpParams();
        t.setScheme(null);
        assertTrue(Methods.validationMessage(t).contains("scheme"));
        LraParams l = new LraParams();
        l.setScheme(Scheme.LINEAR);
        assertTrue(Methods.validationMessage(l).contains("scheme"));
        assertThrows(IllegalArgumentException.class, () -> Methods.validate("not a bean"));
        assertEquals(TrpScheme.SPATIAL_VH, TrpScheme.fromId("Spatial_VH"));
        assertEquals(MatrixScheme.INPUT, MatrixScheme.fromId("INPUT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NuclearMode.fromId("half"));
        assertEquals("Unknown nuclear mode 'half'; known: truncated, full", e.getMessage());
    }
}
