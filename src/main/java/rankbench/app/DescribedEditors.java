package rankbench.app;

import java.util.Arrays;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * The hyperparameter sheet's editors: ControlsFX's defaults (numbers, check boxes), enum-typed settings
 * always as a drop-down of their constants, and every editor with its property's description (and unit)
 * as a tooltip and, while it has the focus, in the help line under the sheet.
 */
final class DescribedEditors implements Callback<PropertySheet.Item, PropertyEditor<?>> {

    private final DefaultPropertyEditorFactory defaults = new DefaultPropertyEditorFactory();
    private final Label help;

    /** Creates the factory; {@code help} shows the focused property's description. */
    DescribedEditors(Label help) {
        this.help = help;
    }

    @Override
    public PropertyEditor<?> call(PropertySheet.Item item) {
        Class<?> type = item.getType();
        PropertyEditor<?> editor = type != null && type.isEnum()
                ? Editors.createChoiceEditor(item, Arrays.asList(type.getEnumConstants()))
                : defaults.call(item);
        if (editor == null) {
            return null;
        }
        String text = item.getName() + ": " + item.getDescription();
        if (editor.getEditor() instanceof Control c) {
            Tooltip t = new Tooltip(text);
            t.setWrapText(true);
            t.setMaxWidth(420);
            c.setTooltip(t);
            c.setId("hp-" + item.getName());
        }
        editor.getEditor().focusedProperty().addListener((o, a, focused) -> {
            if (focused) {
                help.setText(text);
            }
        });
        return editor;
    }
}
