package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rankbench.experiment.cli.Cli;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.CostKind;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.training.TrainingService;

/**
 * The window's one-shot rules give exactly the plan {@code rankbench select --rule X --json} prints for the
 * same settings, on the embedded model and the bundled Fashion-MNIST subset (same held-out images for
 * sensitivity); bad input gets a message and no command.
 */
@Tag("engine")
class OneShotRuleViewModelTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingService training = new TrainingService();
    private final List<String> statuses = new ArrayList<>();
    private WorkbenchViewModel vm;
    private OneShotRuleViewModel rules;

    @BeforeEach
    void start() {
        Workers w = new Workers(
                new SpectrumCache(),
                Scheduler.immediate(),
                Runnable::run,
                (m, d, p, c) -> 0.5,
                null,
                null,
                training,
                () -> {});
        vm = new WorkbenchViewModel(
                TaskExecutor.currentThread(),
                Runnable::run,
                new DialogService() {
                    @Override
                    public void showError(String title, String message) {
                        statuses.add(title + ": " + message);
                    }

                    @Override
                    public void notify(String message) {}
                },
                ModelFiles::readDefault,
                SETTINGS,
                w);
        vm.statusProperty().addListener((o, a, b) -> statuses.add(b));
        vm.loadDefaultModel();
        rules = vm.rules().oneShot();
    }

    @AfterEach
    void stop() {
        vm.close();
        training.close();
    }

    private static JsonNode select(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("select", "--json"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    private static RankPlan plan(JsonNode n) {
        return RankPlan.fromJson(n.get("plan").toString());
    }

    /** The factorized layers of a plan (what the layer table shows as factorized, with scheme and ranks). */
    private static Map<String, LayerPlan> factorized(RankPlan p) {
        Map<String, LayerPlan> m = new LinkedHashMap<>();
        p.layers().forEach((k, v) -> {
            if (v.factorized()) {
                m.put(k, v);
            }
        });
        return m;
    }

    private RankPlan applyInWindow() {
        assertTrue(
                rules.applyCommand().executableProperty().get(),
                rules.inputErrorProperty().get());
        rules.applyCommand().execute();
        RankPlan p = vm.rules().lastRulePlanProperty().get();
        assertNotNull(p, String.valueOf(statuses));
        assertFalse(rules.applyCommand().runningProperty().get());
        return p;
    }

    private void assertSamePlan(JsonNode cli) {
        RankPlan window = applyInWindow();
        assertEquals(plan(cli), window);
        Map<String, LayerPlan> shown = factorized(vm.currentPlan());
        assertFalse(shown.isEmpty());
        assertEquals(factorized(plan(cli)), shown);
        assertEquals(cli.get("macs").asLong(), vm.summary().macsProperty().get());
    }

    @Test
    void evbmfPerLayerIsTheSelectPlan() throws Exception {
        rules.kindProperty().set(OneShotRules.Kind.EVBMF);
        assertSamePlan(select("--rule", "evbmf"));
    }

    @Test
    void evbmfUnderTucker2KeepsBothRanksOfEveryLayer() throws Exception {
        rules.kindProperty().set(OneShotRules.Kind.EVBMF);
        rules.schemeProperty().set(Scheme.TUCKER2);
        rules.multiplierProperty().set("2");
        assertSamePlan(select("--rule", "evbmf", "--scheme", "tucker2", "--multiplier", "2"));
        for (LayerViewModel l : vm.layers()) {
            if (l.factorizedProperty().get()) {
                assertEquals(Scheme.TUCKER2, l.getScheme());
                assertTrue(l.getInRank() >= 1);
            }
        }
    }

    @Test
    void evbmfAtAMacBudgetIsTheSelectPlan() throws Exception {
        rules.kindProperty().set(OneShotRules.Kind.EVBMF);
        rules.evbmfReductionProperty().set("2");
        assertSamePlan(select("--rule", "evbmf", "--reduction", "2"));
    }

    @Test
    void lcAtAlphaAndMuIsTheSelectPlan() throws Exception {
        // an alpha that factorizes some layers: the one that meets a 3x parameter budget, at mu 2
        String alpha = String.valueOf(select("--rule", "lc", "--reduction", "3", "--cost", "params")
                .get("alpha")
                .asDouble());
        rules.kindProperty().set(OneShotRules.Kind.LC);
        rules.lcReductionProperty().set("");
        rules.alphaProperty().set(alpha);
        rules.muProperty().set("2");
        rules.costProperty().set(CostKind.PARAMS);
        assertSamePlan(select("--rule", "lc", "--alpha", alpha, "--mu", "2", "--cost", "params"));
    }

    @Test
    void lcAtAParameterBudgetIsTheSelectPlan() throws Exception {
        rules.kindProperty().set(OneShotRules.Kind.LC);
        rules.lcReductionProperty().set("3");
        rules.costProperty().set(CostKind.PARAMS);
        assertSamePlan(select("--rule", "lc", "--reduction", "3", "--cost", "params"));
    }

    @Test
    void sensitivityOnTheSameHeldOutImagesIsTheSelectPlanAndFillsTheTable() throws Exception {
        rules.kindProperty().set(OneShotRules.Kind.SENSITIVITY);
        rules.sensitivityReductionProperty().set("2");
        rules.heldOutImagesProperty().set("40");
        rules.fractionsProperty().set("0.25, 0.5");
        JsonNode cli = select(
                "--rule",
                "sensitivity",
                "--reduction",
                "2",
                "--data",
                SETTINGS.dataSpec(),
                "--holdout",
                "40",
                "--fractions",
                "0.25,0.5");
        assertSamePlan(cli);
        assertEquals(40, cli.get("heldOut").asInt());
        SensitivityViewModel table = rules.sensitivity();
        assertEquals(cli.get("table").size(), table.rows().size());
        assertTrue(table.availableProperty().get());
        assertTrue(
                table.summaryProperty().get().contains("40 held-out validation images"),
                table.summaryProperty().get());
        JsonNode first = cli.get("table").get(0);
        assertEquals(first.get("layer").asText(), table.rows().get(0).layer());
        assertEquals(
                String.format(
                        Locale.ROOT, "%.2f %%", 100 * first.get("accuracy").asDouble()),
                table.rows().get(0).accuracy());
        assertTrue(table.rows().stream().anyMatch(SensitivityViewModel.Row::chosen));
    }

    @Test
    void aRulePlanIsOneUndoableStep() {
        rules.kindProperty().set(OneShotRules.Kind.EVBMF);
        RankPlan before = vm.currentPlan();
        applyInWindow();
        assertTrue(vm.undoCommand().executableProperty().get());
        vm.undoCommand().execute();
        assertEquals(before, vm.currentPlan());
    }

    @Test
    void aBudgetBelowOneIsRefusedWithAMessage() {
        rules.kindProperty().set(OneShotRules.Kind.SENSITIVITY);
        rules.sensitivityReductionProperty().set("0.5");
        assertFalse(rules.applyCommand().executableProperty().get());
        assertTrue(
                rules.inputErrorProperty().get().contains("must be >= 1"),
                rules.inputErrorProperty().get());
        rules.sensitivityReductionProperty().set("abc");
        assertTrue(
                rules.inputErrorProperty().get().contains("not a number"),
                rules.inputErrorProperty().get());
        rules.sensitivityReductionProperty().set("2");
        assertEquals("", rules.inputErrorProperty().get());
        assertTrue(rules.applyCommand().executableProperty().get());
    }

    @Test
    void lcNeedsExactlyOneOfAlphaAndBudgetAndAMatrixScheme() {
        rules.kindProperty().set(OneShotRules.Kind.LC);
        rules.alphaProperty().set("1e-6");
        assertTrue(
                rules.inputErrorProperty().get().contains("exactly one"),
                rules.inputErrorProperty().get());
        rules.alphaProperty().set("");
        rules.schemeProperty().set(Scheme.TUCKER2);
        assertTrue(
                rules.inputErrorProperty().get().contains("matrix scheme"),
                rules.inputErrorProperty().get());
        assertFalse(rules.applyCommand().executableProperty().get());
    }

    @Test
    void aCancelledRuleLeavesThePlanAsItWas() {
        List<Callable<?>> queued = new ArrayList<>();
        TaskExecutor later = new TaskExecutor() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                CompletableFuture<T> f = new CompletableFuture<>();
                queued.add(() -> {
                    try {
                        f.complete(work.call());
                    } catch (Exception e) {
                        f.completeExceptionally(e);
                    }
                    return null;
                });
                return f;
            }
        };
        OneShotRuleViewModel o = new OneShotRuleViewModel(
                vm.modelProperty(),
                vm.heldOutProperty(),
                later,
                Runnable::run,
                new SpectrumCache(),
                statuses::add,
                (s, outcome) -> {
                    throw new AssertionError("a cancelled rule must not apply a plan");
                });
        o.kindProperty().set(OneShotRules.Kind.SENSITIVITY);
        o.heldOutImagesProperty().set("20");
        o.applyCommand().execute();
        assertTrue(o.applyCommand().runningProperty().get());
        assertTrue(o.cancelCommand().executableProperty().get());
        o.cancelCommand().execute();
        queued.forEach(q -> {
            try {
                q.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertFalse(o.applyCommand().runningProperty().get());
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Cancelled"), String.valueOf(statuses));
        assertNull(vm.rules().lastRulePlanProperty().get());
    }
}
