package rankbench.charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
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
                List.of("run-2", "run-3", "run-5", "run-6"), List.of("trp", "lc", "trp", "energy"),
                List.of(1.0, 0.8, 1.2, 0.6)));
        RankComparisonChart cmp = new RankComparisonChart(rows);
        ChartExport.save(cmp.chart(), dir.resolve("comparison.png"), ChartExport.Format.PNG, 1200, 520);
    }
}
