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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.cli.Cli;
import rankbench.experiment.data.Datasets;
import rankbench.experiment.lowrank.LatencyBudget;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.SpectrumCache;
import rankbench.experiment.methods.LatencyRule;
import rankbench.experiment.methods.OneShotRules;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.training.TrainingService;

/**
 * The window's latency rule gives exactly the plan {@code select --rule latency --json} prints for the same
 * model, budget, held-out images and latency cache (both read the staircases the first one measured, so
 * the noisy timings are the same); another budget is planned without measuring again; a budget the
 * measured forms cannot meet, and a cancelled run, leave the plan as it was. A tiny measurement (batch 2,
 * no warm-up, one repeat, 20 held-out images) keeps it fast; nothing here asserts a time.
 */
@Tag("engine")
class LatencyRuleViewModelTest {

    private static final WorkbenchSettings SETTINGS =
            new WorkbenchSettings(Datasets.FASHION_MNIST_SUBSET_SPEC, 50, 50, 0, 64, 16, 2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGES = "20";

    /** Shared by all tests: the first one measures, the others (and the CLI) read the staircases. */
    @TempDir
    static Path cacheDir;

    private final TrainingService training = new TrainingService();
    private final List<String> statuses = new ArrayList<>();
    private final AtomicInteger submitted = new AtomicInteger();
    private WorkbenchViewModel vm;
    private OneShotRuleViewModel rules;

    private LatencyRule.Setup setup() {
        return new LatencyRule.Setup(
                2, 0, 1, LatencyRule.DEFAULT_MULTIPLE, LatencyRule.DEFAULT_SCHEMES, cacheDir, false);
    }

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
                () -> {},
                setup());
        TaskExecutor counting = new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(String title, Callable<T> work) {
                if (title.startsWith("Rule")) {
                    submitted.incrementAndGet();
                }
                return TaskExecutor.currentThread().submit(title, work);
            }
        };
        vm = new WorkbenchViewModel(
                counting,
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
        rules.kindProperty().set(OneShotRules.Kind.LATENCY);
        rules.heldOutImagesProperty().set(IMAGES);
        rules.latency().batchProperty().set("2");
    }

    @AfterEach
    void stop() {
        vm.close();
        training.close();
    }

    private static JsonNode select(String... budget) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "select",
                "--json",
                "--rule",
                "latency",
                "--data",
                SETTINGS.dataSpec(),
                "--holdout",
                IMAGES,
                "--latency-batch",
                "2",
                "--warmup",
                "0",
                "--repeats",
                "1",
                "--latency-cache",
                cacheDir.toString()));
        all.addAll(List.of(budget));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    private void budget(LatencyBudget.Kind kind, String value) {
        rules.latency().budgetKindProperty().set(kind);
        rules.latency().budgetValueProperty().set(value);
        assertEquals("", rules.inputErrorProperty().get());
        assertTrue(rules.applyCommand().executableProperty().get());
    }

    private RankPlan apply() {
        rules.applyCommand().execute();
        assertFalse(rules.applyCommand().runningProperty().get());
        RankPlan p = vm.rules().lastRulePlanProperty().get();
        assertNotNull(p, String.valueOf(statuses));
        return p;
    }

    @Test
    void theWindowsPlanIsTheSelectPlanAndAnotherBudgetIsPlannedWithoutMeasuring() throws Exception {
        budget(LatencyBudget.Kind.MAX_DROP, "5");
        RankPlan window = apply();
        assertEquals(1, submitted.get());
        JsonNode cli = select("--max-drop", "0.05");
        assertEquals(RankPlan.fromJson(cli.get("plan").toString()), window);
        assertEquals(cli.get("macs").asLong(), vm.summary().macsProperty().get());
        assertTrue(
                rules.messageProperty()
                        .get()
                        .contains(String.format(
                                Locale.ROOT,
                                "predicted %.2fx faster",
                                cli.get("latency").get("predictedSpeedup").asDouble())),
                rules.messageProperty().get());
        assertTrue(
                rules.messageProperty()
                        .get()
                        .contains(String.format(
                                Locale.ROOT,
                                "drop %.2f pp",
                                100 * cli.get("latency").get("predictedDrop").asDouble())),
                rules.messageProperty().get());
        LatencyRuleViewModel table = rules.latency();
        assertTrue(table.availableProperty().get());
        assertEquals(vm.layers().size(), table.rows().size());
        assertEquals(
                window.layers().values().stream().filter(p -> p.factorized()).count(),
                table.rows().stream()
                        .filter(LatencyRuleViewModel.Row::factorized)
                        .count());

        // a speed-up the first plan reaches, re-planned from memory: no second background job, the CLI's plan
        String x = String.format(
                Locale.ROOT,
                "%.3f",
                Math.max(1, 0.9 * cli.get("latency").get("predictedSpeedup").asDouble()));
        budget(LatencyBudget.Kind.SPEEDUP, x);
        RankPlan faster = apply();
        assertEquals(1, submitted.get());
        assertEquals(RankPlan.fromJson(select("--target-speedup", x).get("plan").toString()), faster);
        assertTrue(
                table.summaryProperty().get().contains(RuleInputs.number(Double.parseDouble(x)) + "x faster"),
                table.summaryProperty().get());
    }

    @Test
    void anUnreachableSpeedUpShowsTheMessageAndLeavesThePlanUnchanged() {
        RankPlan before = vm.currentPlan();
        budget(LatencyBudget.Kind.SPEEDUP, "1000");
        rules.applyCommand().execute();
        assertFalse(rules.applyCommand().runningProperty().get());
        assertTrue(
                rules.messageProperty().get().contains("cannot be met"),
                rules.messageProperty().get());
        assertTrue(
                rules.messageProperty().get().endsWith("the plan is unchanged"),
                rules.messageProperty().get());
        assertTrue(statuses.get(statuses.size() - 1).contains("cannot be met"), String.valueOf(statuses));
        assertNull(vm.rules().lastRulePlanProperty().get());
        assertEquals(before, vm.currentPlan());
        assertFalse(vm.undoCommand().executableProperty().get());
        assertTrue(rules.latency().availableProperty().get()); // the table shows what the fastest plan reaches
    }

    @Test
    void aRunCancelledWhileMeasuringAccuracyLeavesThePlanUnchanged() {
        RankPlan before = vm.currentPlan();
        budget(LatencyBudget.Kind.MAX_DROP, "5");
        List<String> phases = new ArrayList<>();
        rules.progressTextProperty().addListener((o, a, b) -> {
            phases.add(b);
            if (b.contains("accuracy evaluations")
                    && rules.cancelCommand().executableProperty().get()) {
                rules.cancelCommand().execute();
            }
        });
        rules.applyCommand().execute();
        assertTrue(phases.stream().anyMatch(p -> p.contains("layers timed")), String.valueOf(phases));
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Cancelled"), String.valueOf(statuses));
        assertNull(vm.rules().lastRulePlanProperty().get());
        assertEquals(before, vm.currentPlan());
        assertFalse(rules.latency().availableProperty().get());
    }

    @Test
    void aLatencyPlanIsOneUndoableStep() {
        RankPlan before = vm.currentPlan();
        budget(LatencyBudget.Kind.MAX_DROP, "100");
        apply();
        vm.undoCommand().execute();
        assertEquals(before, vm.currentPlan());
    }

    @Test
    void badBudgetsAndBatchSizesAreRefusedWithAMessage() {
        rules.latency().budgetKindProperty().set(LatencyBudget.Kind.SPEEDUP);
        rules.latency().budgetValueProperty().set("0.5");
        assertTrue(
                rules.inputErrorProperty().get().contains("speed-up must be >= 1"),
                rules.inputErrorProperty().get());
        assertFalse(rules.applyCommand().executableProperty().get());
        rules.latency().budgetKindProperty().set(LatencyBudget.Kind.MAX_DROP);
        rules.latency().budgetValueProperty().set("150");
        assertTrue(
                rules.inputErrorProperty().get().contains("accuracy drop"),
                rules.inputErrorProperty().get());
        rules.latency().budgetValueProperty().set("1");
        rules.latency().batchProperty().set("0");
        assertTrue(
                rules.inputErrorProperty().get().contains("batch size must be >= 1"),
                rules.inputErrorProperty().get());
        rules.latency().batchProperty().set("2");
        assertEquals("", rules.inputErrorProperty().get());
    }
}
