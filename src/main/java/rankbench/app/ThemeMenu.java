package rankbench.app;

import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;

/** View ▸ Theme: one radio item per {@link Theme}; a choice applies at once and is remembered. */
final class ThemeMenu {

    private ThemeMenu() {}

    static Menu create(Preferences prefs) {
        Menu menu = new Menu("_Theme");
        menu.setId("themeMenu");
        ToggleGroup group = new ToggleGroup();
        Theme current = Theme.stored(prefs);
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(t.label());
            item.setId("theme-" + t.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            item.setToggleGroup(group);
            item.setSelected(t == current);
            item.setOnAction(e -> {
                t.apply();
                t.store(prefs);
            });
            menu.getItems().add(item);
        }
        return menu;
    }
}
