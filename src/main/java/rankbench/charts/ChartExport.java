package rankbench.charts;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;

/**
 * Saves any chart as PNG (raster, via {@link ChartUtils}) or SVG (vector, via JFreeSVG; text stays text).
 * The file is written next to its target and renamed over it, so a failed export never leaves half a file.
 */
public final class ChartExport {

    /** An export format. */
    public enum Format {
        /** Portable Network Graphics. */
        PNG,
        /** Scalable Vector Graphics. */
        SVG;

        /** The file extension without the dot ({@code png}). */
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ChartExport() {}

    /** Draws {@code chart} at {@code width x height} into {@code file} in {@code format}. */
    public static void save(JFreeChart chart, Path file, Format format, int width, int height) throws IOException {
        if (width <= 0 || height <= 0 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("chart size must be 1..20000 pixels, got " + width + "x" + height);
        }
        writeAtomically(file, out -> {
            if (format == Format.PNG) {
                ChartUtils.writeChartAsPNG(out, chart, width, height);
            } else {
                out.write(svg(chart, width, height).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Writes a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file renamed over it: a failed write leaves the old file intact.
     * The temporary file is created like any new file (the user's umask), not owner-only as
     * {@link Files#createTempFile} would, so an exported picture is as readable as any other file.
     */
    public static void writeAtomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = newTemporary(dir, file.getFileName().toString());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path newTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 8) {
                    throw e;
                }
            }
        }
    }

    /** Returns the chart drawn as a standalone {@code <svg>} element. */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Rotated labels (the y axis title) are otherwise drawn as glyph outlines; as text they stay searchable.
        boolean workaround = TextUtils.isUseDrawRotatedStringWorkaround();
        TextUtils.setUseDrawRotatedStringWorkaround(false);
        try {
            chart.draw(g, new Rectangle(0, 0, width, height));
        } finally {
            TextUtils.setUseDrawRotatedStringWorkaround(workaround);
        }
        return g.getSVGElement() + "\n";
    }
}
