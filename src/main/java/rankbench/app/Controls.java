package rankbench.app;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import rankbench.viewmodel.Command;

/** Small builders shared by the panes: menu items, buttons and labels bound to view-model commands. */
final class Controls {

    private Controls() {}

    /** A menu item with a mnemonic, an accelerator (null: none) and an action (null: set later). */
    static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(true);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        if (action != null) {
            m.setOnAction(e -> action.run());
        }
        return m;
    }

    /** Binds a menu item to a command: runs it, disabled while it cannot run. */
    static MenuItem command(MenuItem m, Command c) {
        m.setOnAction(e -> c.execute());
        m.disableProperty().bind(c.executableProperty().not());
        return m;
    }

    /** A button that runs a command and is disabled while it cannot run. */
    static Button button(String text, String id, Command c, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> c.execute());
        b.disableProperty().bind(c.executableProperty().not());
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** A muted key label of the summary. */
    static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("key");
        return l;
    }

    /** A bold value label bound to text. */
    static Label value(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("value");
        l.textProperty().bind(text);
        return l;
    }
}
