package rankbench.app;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.SafetensorsImport.Question;
import rankbench.viewmodel.ClassNamePreset;
import rankbench.viewmodel.NormalizationPreset;
import rankbench.viewmodel.SafetensorsImportViewModel;

/**
 * The one dialog of a safetensors import: architecture, input shape, class names, normalization and
 * an optional name map, bound to a {@link SafetensorsImportViewModel}; OK stays disabled, with the
 * view model's message, while the answers are invalid.
 */
final class SafetensorsImportDialog {

    private SafetensorsImportDialog() {}

    /** Shows the dialog and waits; true if the user pressed OK. */
    static boolean ask(Window owner, SafetensorsImportViewModel form) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Import PyTorch weights");
        d.headerTextProperty()
                .bind(Bindings.concat("Import ", form.file().getFileName().toString(), "\n", form.revealedProperty()));
        d.setResizable(true);
        d.getDialogPane().setId("importDialog");
        d.getDialogPane()
                .getStylesheets()
                .add(MainWindow.class.getResource("rankbench.css").toExternalForm());
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().setContent(content(form));
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("importOk");
        ok.disableProperty().bind(form.validProperty().not());
        return d.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
    }

    private static GridPane content(SafetensorsImportViewModel form) {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(12, 12, 4, 12));
        ColumnConstraints keys = new ColumnConstraints();
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(360);
        g.getColumnConstraints().addAll(keys, values);

        ComboBox<Architecture> arch = new ComboBox<>();
        arch.setId("importArchitecture");
        arch.getItems().setAll(Architecture.values());
        arch.setConverter(new StringConverter<>() {
            @Override
            public String toString(Architecture a) {
                return a == null ? "" : a.id();
            }

            @Override
            public Architecture fromString(String s) {
                return Architecture.fromId(s);
            }
        });
        arch.setPromptText("choose\u2026");
        arch.valueProperty().bindBidirectional(form.architectureProperty());
        row(
                g,
                0,
                "Architecture",
                new HBox(
                        8,
                        arch,
                        hint(
                                form.asks(Question.ARCHITECTURE)
                                        ? "the names match no built-in architecture"
                                        : "matches the file's tensor names")));

        TextField c = number("importChannels", form.channelsProperty().get(), 3);
        c.textProperty().bindBidirectional(form.channelsProperty());
        TextField h = number("importHeight", form.heightProperty().get(), 4);
        h.textProperty().bindBidirectional(form.heightProperty());
        TextField w = number("importWidth", form.widthProperty().get(), 4);
        w.textProperty().bindBidirectional(form.widthProperty());
        HBox shape = new HBox(
                4,
                c,
                new Label("\u00d7"),
                h,
                new Label("\u00d7"),
                w,
                hint(
                        form.asks(Question.INPUT_SIZE)
                                ? "channels \u00d7 height \u00d7 width"
                                : "the only size the weights fit"));
        shape.setAlignment(Pos.CENTER_LEFT);
        row(g, 1, "Input (C\u00d7H\u00d7W)", shape);

        ComboBox<ClassNamePreset> classes = new ComboBox<>();
        classes.setId("importClassPreset");
        classes.getItems().setAll(ClassNamePreset.values());
        classes.valueProperty().bindBidirectional(form.classPresetProperty());
        TextField names = new TextField();
        names.setId("importClassNames");
        names.setPromptText("cat, dog, \u2026 (in label order)");
        names.textProperty().bindBidirectional(form.classNamesProperty());
        names.disableProperty().bind(form.classPresetProperty().isNotEqualTo(ClassNamePreset.CUSTOM));
        HBox.setHgrow(names, Priority.ALWAYS);
        row(g, 2, "Class names", new HBox(8, classes, names));

        ComboBox<NormalizationPreset> norm = new ComboBox<>();
        norm.setId("importNormalization");
        norm.getItems().setAll(NormalizationPreset.values());
        norm.valueProperty().bindBidirectional(form.normalizationPresetProperty());
        row(g, 3, "Normalization", new HBox(8, norm, hint("per channel, after scaling pixels to [0, 1]")));
        TextField mean = new TextField();
        mean.setId("importMean");
        mean.textProperty().bindBidirectional(form.meanProperty());
        TextField std = new TextField();
        std.setId("importStd");
        std.textProperty().bindBidirectional(form.stdProperty());
        for (TextField f : new TextField[] {mean, std}) {
            f.disableProperty().bind(form.normalizationPresetProperty().isNotEqualTo(NormalizationPreset.CUSTOM));
            HBox.setHgrow(f, Priority.ALWAYS);
        }
        row(g, 4, "", new HBox(8, new Label("mean"), mean, new Label("std"), std));

        TextField map = new TextField();
        map.setId("importNameMap");
        map.setEditable(false);
        map.setPromptText("none (names as in the file)");
        map.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> form.nameMapProperty().get() == null
                                ? ""
                                : form.nameMapProperty().get().toString(),
                        form.nameMapProperty()));
        HBox.setHgrow(map, Priority.ALWAYS);
        Button browse = new Button("Choose\u2026");
        browse.setId("importNameMapChoose");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Name map (JSON)");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Name maps (*.json)", "*.json"));
            Path current = form.nameMapProperty().get() != null
                    ? form.nameMapProperty().get()
                    : form.file();
            File dir = current.toAbsolutePath().getParent() == null
                    ? null
                    : current.toAbsolutePath().getParent().toFile();
            if (dir != null && dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
            File f = fc.showOpenDialog(browse.getScene().getWindow());
            if (f != null) {
                form.nameMapProperty().set(f.toPath());
            }
        });
        Button clear = new Button("None");
        clear.setId("importNameMapClear");
        clear.setOnAction(e -> form.nameMapProperty().set(null));
        clear.disableProperty().bind(form.nameMapProperty().isNull());
        Tooltip.install(
                map,
                new Tooltip("A JSON object renaming tensors: \"fc.\": \"linear.\" renames a prefix, "
                        + "an exact name renames one tensor, null drops it"));
        row(g, 5, "Name map", new HBox(8, map, browse, clear));

        Label message = new Label();
        message.setId("importMessage");
        message.getStyleClass().add("validation-message");
        message.setWrapText(true);
        message.setMaxWidth(560);
        message.textProperty().bind(form.messageProperty());
        g.add(message, 0, 6, 2, 1);
        return g;
    }

    private static void row(GridPane g, int r, String key, HBox value) {
        value.setAlignment(Pos.CENTER_LEFT);
        g.add(new Label(key), 0, r);
        g.add(value, 1, r);
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    private static TextField number(String id, String text, int columns) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setPrefColumnCount(columns);
        return f;
    }
}
