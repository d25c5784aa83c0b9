package rankbench.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.MatrixViews;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.training.RunStatus;
import rankbench.viewmodel.ParetoAxis;
import rankbench.viewmodel.RunArchiveViewModel;
import rankbench.viewmodel.TestRuns;

/**
 * A throwaway look at the run archive: nine runs on the embedded ResNet-20 (real plans, parameters and MACs;
 * made-up accuracies and latencies), two of them selected. Run with {@code -Ddemo.snapshot=FILE.png} to save
 * a snapshot of the window after it settles and exit.
 */
public final class RunArchiveDemo extends Application {

    @Override
    public void start(Stage stage) {
        SavedModel base = ModelFiles.readDefault();
        ObservableList<Run> runs = FXCollections.observableArrayList(runs(base));
        RunArchiveViewModel vm = new RunArchiveViewModel(
                runs, r -> System.out.println("restore " + r.id()), new FxServices.Tasks(), FxServices.UI);
        RunArchiveView view = new RunArchiveView(vm);
        Scene scene = new Scene((Parent) view.node(), 1560, 960);
        scene.getStylesheets().add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Run archive demo");
        stage.show();
        String select = System.getProperty("demo.select", "run-2,run-3,run-5");
        List<Run> chosen = runs.stream()
                .filter(r -> List.of(select.split(",")).contains(r.id()))
                .toList();
        vm.selected().setAll(chosen);
        if (System.getProperty("demo.axis") != null) {
            vm.paretoAxisProperty().set(ParetoAxis.valueOf(System.getProperty("demo.axis")));
        }
        if (System.getProperty("demo.tab") != null) {
            ((TabPane) scene.lookup("#comparisonPane"))
                    .getSelectionModel()
                    .select(Integer.parseInt(System.getProperty("demo.tab")));
        }
        String shot = System.getProperty("demo.snapshot");
        if (shot != null) {
            new Thread(() -> {
                        try {
                            Thread.sleep(4000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        Platform.runLater(() -> {
                            try {
                                ImageIO.write(
                                        SwingFXUtils.fromFXImage(scene.snapshot(null), null),
                                        "png",
                                        Path.of(shot).toFile());
                            } catch (IOException e) {
                                e.printStackTrace();
                            }
                            Platform.exit();
                        });
                    })
                    .start();
        }
    }

    /** A plan that keeps {@code fraction} of each conv's full channel-view rank (and of the classifier's). */
    static RankPlan plan(SavedModel base, Scheme scheme, double fraction) {
        LinkedHashMap<String, LayerPlan> m = new LinkedHashMap<>();
        for (LayerInfo l :
                NetworkSpec.layers(base.manifest().network(), base.manifest().input())) {
            List<Integer> s = l.weightShape();
            if (!l.isConv()) {
                m.put(l.name(), LayerPlan.of(Scheme.LINEAR, Math.max(1, (int)
                        Math.round(fraction * Math.min(s.get(0), s.get(1))))));
            } else if (scheme == Scheme.TUCKER2) {
                m.put(l.name(), LayerPlan.tucker2(Math.max(1, (int) Math.round(fraction * s.get(0))), Math.max(1, (int)
                        Math.round(fraction * s.get(1)))));
            } else {
                int[] ms = MatrixViews.matrixShape(
                        s.stream().mapToInt(Integer::intValue).toArray(), scheme);
                m.put(l.name(), LayerPlan.of(scheme, Math.max(1, (int) Math.round(fraction * Math.min(ms[0], ms[1])))));
            }
        }
        return new RankPlan(m);
    }

    static List<Run> runs(SavedModel base) {
        List<Run> out = new ArrayList<>();
        out.add(TestRuns.run(
                "run-1",
                RunKind.COMPRESS,
                "energy",
                "energy 0.95",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.CHANNEL, 0.6),
                Map.of("energyKeep", "0.95"),
                0.9057,
                null,
                0.9012,
                3.9));
        out.add(TestRuns.run(
                "run-2",
                RunKind.COMPRESS,
                "evbmf",
                "evbmf x1.0",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.CHANNEL, 0.35),
                Map.of("evbmfMultiplier", "1.0"),
                0.8423,
                null,
                null,
                2.9));
        out.add(TestRuns.run(
                "run-3",
                RunKind.FINE_TUNE,
                "fine-tune",
                "fine-tune of run-2",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.CHANNEL, 0.35),
                Map.of("epochs", "2", "learningRate", "0.01"),
                0.8423,
                0.9213,
                0.9177,
                2.9));
        out.add(TestRuns.run(
                "run-4",
                RunKind.COMPRESS,
                "ratio",
                "ratio 0.5, spatial",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.SPATIAL, 0.5),
                Map.of("ratio", "0.5", "scheme", "spatial"),
                0.8713,
                null,
                null,
                null));
        out.add(TestRuns.run(
                "run-5",
                RunKind.RANK_LEARNING,
                "lra",
                "lra, tucker-2",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.TUCKER2, 0.5),
                Map.of("epochs", "3", "scheme", "tucker2", "period", "2"),
                0.7931,
                0.9122,
                0.9087,
                3.1));
        out.add(TestRuns.run(
                "run-6",
                RunKind.RANK_LEARNING,
                "trp",
                "trp, stopped at epoch 2",
                RunStatus.CANCELLED,
                "cancelled by the user after epoch 2",
                base,
                plan(base, Scheme.CHANNEL, 0.45),
                Map.of("epochs", "5", "period", "2", "nuclearWeight", "1e-4"),
                0.8974,
                null,
                null,
                3.3));
        out.add(TestRuns.run(
                "run-7",
                RunKind.RANK_LEARNING,
                "lc",
                "lc, lr 0.5",
                RunStatus.DIVERGED,
                "loss became NaN at step 212; weights restored from step 200",
                base,
                plan(base, Scheme.CHANNEL, 0.3),
                Map.of("epochs", "5", "learningRate", "0.5"),
                0.1,
                null,
                null,
                2.7));
        out.add(TestRuns.run(
                "run-8",
                RunKind.RANK_LEARNING,
                "svd-train",
                "svd-train",
                RunStatus.FAILED,
                "out of memory while building the factorized network",
                base,
                plan(base, Scheme.CHANNEL, 0.3),
                Map.of("epochs", "3"),
                null,
                null,
                null,
                null));
        out.add(TestRuns.run(
                "run-9",
                RunKind.RANK_LEARNING,
                "orth-evbmf",
                "orth-evbmf",
                RunStatus.COMPLETED,
                "",
                base,
                plan(base, Scheme.CHANNEL, 0.25),
                Map.of("epochs", "4", "orthWeight", "0.1"),
                0.7634,
                0.9051,
                0.9016,
                2.4));
        return out;
    }

    /** Launcher (a main class that is not an Application, so JavaFX runs from the class path). */
    public static final class Main {
        private Main() {}

        public static void main(String[] args) {
            Application.launch(RunArchiveDemo.class, args);
        }
    }
}
