package rankbench.charts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
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

    /**
     * Writes what is on screen as a PNG (a snapshot of the canvas at its size); call on the FX thread. The
     * file is written next to its target and renamed over it.
     */
    public void writePng(Path file) throws IOException {
        int w = (int) Math.max(1, Math.round(canvas.getWidth()));
        int h = (int) Math.max(1, Math.round(canvas.getHeight()));
        WritableImage img = canvas.snapshot(null, new WritableImage(w, h));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader px = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, px.getArgb(x, y));
            }
        }
        ChartExport.writeAtomically(file, o -> ImageIO.write(out, "png", o));
    }

    /** Writes the heat map as SVG (vector: one rectangle per cell, layer names as text) at the canvas's size. */
    public void writeSvg(Path file) throws IOException {
        String text = svg(Math.max(320, canvas.getWidth()), Math.max(120, canvas.getHeight()));
        ChartExport.writeAtomically(file, o -> o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Returns the heat map drawn as a standalone {@code <svg>} element of {@code w x h} pixels. */
    public String svg(double w, double h) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                + "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n", w, h, w, h));
        b.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", w, h));
        int rows = layers.size();
        int cols = history.size();
        if (rows == 0 || cols == 0) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                    + "font-family=\"sans-serif\" font-size=\"11\" fill=\"#808080\">No rank updates yet</text>%n",
                    w / 2, h / 2));
        } else {
            double cw = (w - LABEL_WIDTH) / cols;
            double ch = h / rows;
            for (int x = 0; x < cols; x++) {
                RankStep s = history.get(x);
                for (int y = 0; y < rows; y++) {
                    b.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                            + "fill=\"%s\"/>%n", LABEL_WIDTH + x * cw, y * ch, cw, ch, hex(colour(s.fraction(y)))));
                }
            }
            for (int y = 0; y < rows; y++) {
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                        + "dominant-baseline=\"middle\" font-family=\"sans-serif\" font-size=\"%.1f\" "
                        + "fill=\"#5f6b7a\">%s</text>%n", LABEL_WIDTH - 4, y * ch + ch / 2, Math.max(6, Math.min(11, ch - 1)),
                        escape(layers.get(y))));
            }
        }
        return b.append("</svg>\n").toString();
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
