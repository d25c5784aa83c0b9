package rankbench.charts;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import rankbench.viewmodel.RankLearningViewModel.RankStep;

/**
 * Rank per layer over time: x = rank update, y = layer (first layer on top), colour = rank / full rank
 * (pale: low, dark blue: full rank; grey: unknown). A resizable canvas fed from view-model lists; it
 * redraws once per list change, on the FX thread.
 */
public final class RankHeatMap {

    private static final double LABEL_WIDTH = 90;
    private static final Color LOW = Color.web("#f4f7fb");
    private static final Color HIGH = Color.web("#2f6fb0");
    private static final Color UNKNOWN = Color.web("#e0e0e0"); // neutral grey: no rank known

    private final ObservableList<RankStep> history;
    private final ObservableList<String> layers;
    private final Canvas canvas = new Canvas();
    private final Pane pane = new Pane(canvas);

    /** Creates a heat map mirroring {@code history} with rows {@code layers}. */
    public RankHeatMap(ObservableList<RankStep> history, ObservableList<String> layers) {
        this.history = history;
        this.layers = layers;
        pane.getStyleClass().add("rank-heat-map");
        pane.setMinSize(120, 80);
        pane.setPrefSize(400, 200);
        canvas.widthProperty().bind(pane.widthProperty());
        canvas.heightProperty().bind(pane.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        history.addListener((ListChangeListener<RankStep>) c -> redraw());
        layers.addListener((ListChangeListener<String>) c -> redraw());
        Tooltip.install(pane, new Tooltip("Rank per layer over the method's rank updates; darker = closer to full rank"));
    }

    /** The node to place in a layout. */
    public Pane node() {
        return pane;
    }

    /** Number of rank updates drawn (columns). */
    public int columns() {
        return history.size();
    }

    /** Number of layers drawn (rows). */
    public int rows() {
        return layers.size();
    }

    /** Returns the colour of a rank fraction in [0, 1] (NaN: unknown). */
    static Color colour(double fraction) {
        return Double.isNaN(fraction) ? UNKNOWN : LOW.interpolate(HIGH, Math.max(0, Math.min(1, fraction)));
    }

    private void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        int rows = layers.size();
        int cols = history.size();
        if (rows == 0 || cols == 0 || w <= LABEL_WIDTH || h <= 0) {
            g.setFill(Color.GRAY);
            g.setFont(Font.font(11));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No rank updates yet", w / 2, h / 2);
            return;
        }
        double cw = (w - LABEL_WIDTH) / cols;
        double ch = h / rows;
        List<RankStep> steps = history;
        for (int x = 0; x < cols; x++) {
            RankStep s = steps.get(x);
            for (int y = 0; y < rows; y++) {
                g.setFill(colour(s.fraction(y)));
                g.fillRect(LABEL_WIDTH + x * cw, y * ch, Math.ceil(cw), Math.ceil(ch));
            }
        }
        if (ch >= 9) {
            g.setFill(Color.web("#5f6b7a"));
            g.setFont(Font.font(Math.min(11, ch - 1)));
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            for (int y = 0; y < rows; y++) {
                g.fillText(layers.get(y), LABEL_WIDTH - 4, y * ch + ch / 2, LABEL_WIDTH - 6);
            }
        }
    }
}
