package rankbench.app;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import rankbench.experiment.model.OpenMp;
import rankbench.experiment.session.SoftwareVersions;

/**
 * Help ▸ Keyboard Shortcuts (read from the menu bar itself, so the list cannot drift from the menus) and
 * Help ▸ About (versions of RankBench, the engine, libtorch and Java, and the licenses of what it ships).
 */
final class HelpMenu {

    /** Keys that are not menu accelerators. */
    static final List<String> OTHER_KEYS = List.of(
            "Rank slider: Left/Right or Up/Down \u2014 one rank; Page Up/Down \u2014 larger steps",
            "Rank spinner: type a rank and press Enter; Up/Down \u2014 one rank",
            "Runs table: Enter or double click \u2014 restore the selected run; Ctrl/Shift+click \u2014 select several to compare",
            "Charts: right click \u2014 export as PNG or SVG");

    /** Libraries shipped with RankBench and their licenses. */
    static final List<String> LICENSES = List.of(
            "DJL 0.34 and its PyTorch engine \u2014 Apache-2.0",
            "PyTorch / libtorch \u2014 BSD-3-Clause",
            "OpenJFX 21 \u2014 GPL-2.0 with the Classpath Exception",
            "ControlsFX \u2014 BSD-3-Clause",
            "JFreeChart and its JavaFX viewer \u2014 LGPL-2.1",
            "JFreeSVG \u2014 GPL-3.0",
            "Jackson \u2014 Apache-2.0",
            "picocli \u2014 Apache-2.0",
            "SLF4J \u2014 MIT",
            "OpenBLAS \u2014 BSD-3-Clause",
            "JavaCPP presets \u2014 Apache-2.0 / GPL-2.0 with the Classpath Exception",
            "JNA \u2014 Apache-2.0 / LGPL-2.1");

    private HelpMenu() {}

    /** The Help menu for a menu bar (call after the bar's other menus are in place). */
    static Menu create(MenuBar bar) {
        MenuItem keys = new MenuItem("_Keyboard Shortcuts");
        keys.setId("keyboardShortcuts");
        keys.setOnAction(e -> show("Keyboard shortcuts", String.join("\n", shortcuts(bar.getMenus()))));
        MenuItem about = new MenuItem("_About RankBench");
        about.setId("about");
        about.setOnAction(e -> show("About RankBench", about()));
        Menu help = new Menu("_Help", null, keys, about);
        help.setId("helpMenu");
        return help;
    }

    /** One line per menu item with an accelerator ({@code "File ▸ Save — Ctrl+S"}), then the other keys. */
    static List<String> shortcuts(List<Menu> menus) {
        List<String> out = new ArrayList<>();
        for (Menu m : menus) {
            collect(m, m.getText().replace("_", ""), out);
        }
        out.add("");
        out.addAll(OTHER_KEYS);
        return out;
    }

    private static void collect(Menu menu, String path, List<String> out) {
        for (MenuItem i : menu.getItems()) {
            String name =
                    i.getText() == null ? "" : i.getText().replace("_", "").replace("\u2026", "");
            if (i instanceof Menu sub) {
                collect(sub, path + " \u25b8 " + name, out);
            } else if (i.getAccelerator() != null) {
                out.add(path + " \u25b8 " + name + " \u2014 "
                        + i.getAccelerator().getDisplayText());
            }
        }
    }

    /** The About text: versions and licenses. */
    static String about() {
        SoftwareVersions v = SoftwareVersions.current();
        StringBuilder b = new StringBuilder();
        b.append("RankBench ").append(v.rankbench()).append('\n');
        b.append("DJL ")
                .append(v.djl())
                .append(", PyTorch (libtorch) ")
                .append(v.libtorch())
                .append(" on the CPU\n");
        b.append("OpenMP: ")
                .append(OpenMp.current()
                        .map(OpenMp.Loaded::describe)
                        .orElse("chosen when the engine starts (LLVM libomp if installed, else libtorch's libgomp)"))
                .append('\n');
        b.append("Java ")
                .append(v.java())
                .append(" (")
                .append(System.getProperty("java.vendor"))
                .append("), ")
                .append(v.os())
                .append("\n\nShipped libraries and their licenses:\n");
        LICENSES.forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }

    private static void show(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(title);
        a.setHeaderText(title);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(false);
        area.setPrefRowCount(Math.min(24, (int) text.lines().count() + 1));
        area.setPrefColumnCount(70);
        a.getDialogPane().setContent(area);
        a.showAndWait();
    }
}
