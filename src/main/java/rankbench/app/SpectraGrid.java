package rankbench.app;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.TilePane;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/** The "All spectra" tab: one small spectrum per layer with its rank; redrawn only while showing. */
final class SpectraGrid {

    private final WorkbenchViewModel vm;
    private final TilePane tiles = new TilePane(4, 4);
    private final List<InvalidationListener> refreshers = new ArrayList<>();
    private final ScrollPane scroll = new ScrollPane(tiles);
    private boolean showing;
    private boolean dirty;

    SpectraGrid(WorkbenchViewModel vm) {
        this.vm = vm;
        tiles.setId("smallMultiples");
        tiles.setPadding(new Insets(4));
        tiles.setPrefTileWidth(190);
        tiles.setPrefTileHeight(120);
        scroll.setFitToWidth(true);
        vm.layers().addListener((ListChangeListener<LayerViewModel>) c -> rebuild());
    }

    Node node() {
        return scroll;
    }

    /** Tells the grid whether its tab is showing; a hidden grid defers its redraws until shown. */
    void setShowing(boolean v) {
        showing = v;
        if (showing && dirty) {
            dirty = false;
            refreshers.forEach(r -> r.invalidated(null));
        }
    }

    private void rebuild() {
        tiles.getChildren().clear();
        refreshers.clear();
        for (LayerViewModel l : vm.layers()) {
            SpectrumChart c = new SpectrumChart(true);
            c.setTitle(l.getName());
            InvalidationListener refresh = o -> {
                if (tiles.getScene() == null || !showing) {
                    dirty = true;
                    return;
                }
                c.batch(() -> {
                    c.setSpectrum(l.singularValuesProperty().get());
                    c.setRank(l.getRank());
                    c.setBreakEven(l.breakEvenProperty().get());
                });
            };
            refreshers.add(refresh);
            refresh.invalidated(null);
            l.rankProperty().addListener(refresh);
            l.singularValuesProperty().addListener(refresh);
            c.node().setPrefSize(190, 120);
            c.node().setOnMouseClicked(e -> vm.selectedLayerProperty().set(l));
            tiles.getChildren().add(c.node());
        }
    }
}
