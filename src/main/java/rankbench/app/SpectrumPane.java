package rankbench.app;

import java.util.List;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The spectrum of the selected layer: singular values, the rank marker (drag it to set the rank), the
 * break-even rank and the active rule's cut-off. Redraws once per burst of edits.
 */
final class SpectrumPane {

    private final WorkbenchViewModel vm;
    private final SpectrumChart spectrum = new SpectrumChart(false);
    private final InvalidationListener refresh = o -> requestSpectrum();
    private LayerViewModel shown;
    private String title;
    private boolean pending;

    SpectrumPane(WorkbenchViewModel vm) {
        this.vm = vm;
        spectrum.node().setId("spectrumChart");
        spectrum.node().setMinHeight(200);
        spectrum.node().setMinWidth(300);
        ChartExportMenu.attach(spectrum.node(), "spectrum");
        initListeners();
    }

    Node node() {
        return spectrum.node();
    }

    SpectrumChart chart() {
        return spectrum;
    }

    private void initListeners() {
        spectrum.setOnRankDragged(r -> {
            if (shown != null) {
                shown.setRank(r);
            }
        });
        vm.selectedLayerProperty().addListener((o, a, b) -> {
            if (a != null) {
                observed(a).forEach(p -> p.removeListener(refresh));
            }
            shown = b;
            if (b != null) {
                observed(b).forEach(p -> p.addListener(refresh));
            }
            requestSpectrum();
        });
        vm.rules().activeRuleProperty().addListener(refresh);
    }

    private static List<Observable> observed(LayerViewModel l) {
        return List.of(
                l.rankProperty(),
                l.schemeProperty(),
                l.singularValuesProperty(),
                l.breakEvenProperty(),
                l.ruleRankProperty());
    }

    /** Redraws the spectrum once after the current event (the canvas draws synchronously; edits come in bursts). */
    private void requestSpectrum() {
        if (!pending) {
            pending = true;
            Platform.runLater(() -> {
                pending = false;
                show();
            });
        }
    }

    private void show() {
        LayerViewModel l = shown;
        if (l == null) {
            spectrum.setSpectrum(new double[0]);
            return;
        }
        String t = l.getName() + " \u2014 " + l.getScheme().id() + " view, " + l.getFullRank() + " singular values";
        spectrum.batch(() -> {
            if (!t.equals(title)) {
                spectrum.setTitle(t);
                title = t;
            }
            spectrum.setSpectrum(l.singularValuesProperty().get());
            spectrum.setBreakEven(l.breakEvenProperty().get());
            spectrum.setRuleRank(
                    l.ruleRankProperty().get(), vm.rules().activeRuleProperty().get());
            spectrum.setRank(l.getRank());
        });
    }
}
