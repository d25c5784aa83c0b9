package rankbench.charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.viewmodel.ChartPoint;
import rankbench.viewmodel.RankLearningViewModel.RankStep;
import rankbench.viewmodel.RankRow;

/**
 * Draws the rank heat map and the rank comparison from {@link SyntheticRanks} into a folder (no toolkit
 * needed): {@code heatmap.png} and {@code comparison.png}, for looking at them.
 */
public final class ChartShots {

    private ChartShots() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/shots");
        Files.createDirectories(dir);
        ObservableList<String> layers = FXCollections.observableArrayList(SyntheticRanks.resnet20Layers());
        ObservableList<RankStep> history = FXCollections.observableArrayList(SyntheticRanks.history(2000, 50));
        RankHeatMap map = new RankHeatMap(history, layers);
        ChartExport.save(map.chart(), dir.resolve("heatmap.png"), ChartExport.Format.PNG, 900, 520);
        if (args.length > 1) {
            ChartExport.save(map.chart(), dir.resolve("heatmap-small.png"), ChartExport.Format.PNG, 400, 260);
        }
        ObservableList<RankRow> rows = FXCollections.observableArrayList(SyntheticRanks.rows(
                List.of("run-2", "run-3", "run-5", "run-6"),
                List.of("trp", "lc", "trp", "energy"),
                List.of(1.0, 0.8, 1.2, 0.6)));
        RankComparisonChart cmp = new RankComparisonChart(rows);
        ChartExport.save(cmp.chart(), dir.resolve("comparison.png"), ChartExport.Format.PNG, 1200, 520);
        if (args.length > 1) {
            ChartExport.save(fineTune().chart(), dir.resolve("fine-tune.png"), ChartExport.Format.PNG, 700, 400);
        }
    }

    /** Loss on the left, batch and validation accuracy on the right, over 8 epochs of 250 steps. */
    private static LiveChart fineTune() {
        ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
        ObservableList<ChartPoint> train = FXCollections.observableArrayList();
        ObservableList<ChartPoint> validation = FXCollections.observableArrayList();
        Random random = new Random(1);
        for (int step = 1; step <= 2000; step++) {
            double progress = step / 2000.0;
            loss.add(new ChartPoint(step, 0.3 + 0.6 * Math.exp(-4 * progress) + 0.05 * random.nextGaussian()));
            train.add(new ChartPoint(step, Math.min(1, 0.8 + 0.12 * progress + 0.03 * random.nextGaussian())));
            if (step % 250 == 0) {
                validation.add(new ChartPoint(step, 0.82 + 0.09 * progress));
            }
        }
        LiveChart chart = new LiveChart("Fine-tuning", "step", "loss", "accuracy");
        chart.addSeries("loss", loss, false);
        chart.addRightSeries("train accuracy (batch)", train, false);
        chart.addRightSeries("validation accuracy (epoch end)", validation, true);
        return chart;
    }
}
