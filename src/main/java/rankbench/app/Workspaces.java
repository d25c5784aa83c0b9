package rankbench.app;

import java.util.EnumMap;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import org.controlsfx.control.SegmentedButton;

/**
 * The window's {@link Workspace}s: one content node each, shown one at a time, switched by a segmented
 * toggle (tool bar) or the View menu (Ctrl+1, Ctrl+2, Ctrl+3). The choice is remembered in the window's
 * preferences. Switching only swaps what is on screen; nothing is stopped or rebuilt.
 */
final class Workspaces {

    /** Preference key of the chosen workspace (its enum name). */
    static final String KEY = "workspace";
    /** Preference key of the tab of earlier versions (2 was the rank-learning tab). */
    private static final String OLD_TAB_KEY = "tab";

    private final Preferences prefs;
    private final ObjectProperty<Workspace> current = new SimpleObjectProperty<>(this, "workspace");
    private final Map<Workspace, Node> contents = new EnumMap<>(Workspace.class);
    private final BorderPane root = new BorderPane();

    Workspaces(Preferences prefs) {
        this.prefs = prefs;
        root.setId("workspaces");
        Workspace fallback = prefs.getInt(OLD_TAB_KEY, 0) == 2 ? Workspace.RANK_LEARNING : Workspace.COMPRESS;
        current.set(Workspace.parse(prefs.get(KEY, null), fallback));
        current.addListener((o, a, b) -> {
            if (b == null) {
                current.set(a); // always one workspace
                return;
            }
            root.setCenter(contents.get(b));
            prefs.put(KEY, b.name());
        });
    }

    /** Puts {@code content} in {@code w} (replacing what was there). */
    void setContent(Workspace w, Node content) {
        content.setId(content.getId() == null ? w.id() + "Workspace" : content.getId());
        contents.put(w, content);
        if (current.get() == w) {
            root.setCenter(content);
        }
    }

    /** The node the current workspace's content is shown in. */
    Node node() {
        return root;
    }

    /** The workspace on screen (input). */
    ObjectProperty<Workspace> currentProperty() {
        return current;
    }

    /** Shows {@code w}. */
    void select(Workspace w) {
        current.set(w);
    }

    /** The segmented toggle of the tool bar: one button per workspace, the current one pressed. */
    SegmentedButton toggle() {
        SegmentedButton seg = new SegmentedButton();
        seg.setId("workspaceToggle");
        ToggleGroup group = new ToggleGroup();
        seg.setToggleGroup(group);
        Map<Workspace, ToggleButton> buttons = new EnumMap<>(Workspace.class);
        for (Workspace w : Workspace.values()) {
            ToggleButton b = new ToggleButton(w.title());
            b.setId(w.id() + "WorkspaceButton");
            b.setUserData(w);
            Tooltip t = new Tooltip(w.tip() + " ("
                    + KeyCombination.keyCombination(w.accelerator()).getDisplayText() + ")");
            t.setWrapText(true);
            t.setMaxWidth(360);
            b.setTooltip(t);
            buttons.put(w, b);
            seg.getButtons().add(b);
        }
        group.selectToggle(buttons.get(current.get()));
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                group.selectToggle(a); // pressing the pressed button keeps it pressed
            } else {
                current.set((Workspace) b.getUserData());
            }
        });
        current.addListener((o, a, b) -> group.selectToggle(buttons.get(b)));
        return seg;
    }

    /** The View menu: one radio item per workspace with its accelerator. */
    Menu viewMenu() {
        ToggleGroup group = new ToggleGroup();
        Menu view = new Menu("_View");
        view.setId("viewMenu");
        Map<Workspace, RadioMenuItem> items = new EnumMap<>(Workspace.class);
        for (Workspace w : Workspace.values()) {
            RadioMenuItem i = new RadioMenuItem(w.title());
            i.setId(w.id() + "WorkspaceItem");
            i.setAccelerator(KeyCombination.keyCombination(w.accelerator()));
            i.setToggleGroup(group);
            i.setOnAction(e -> current.set(w));
            items.put(w, i);
            view.getItems().add(i);
        }
        items.get(current.get()).setSelected(true);
        current.addListener((o, a, b) -> items.get(b).setSelected(true));
        return view;
    }
}
