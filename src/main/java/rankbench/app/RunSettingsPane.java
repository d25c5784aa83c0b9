package rankbench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import rankbench.experiment.training.Schedule;
import rankbench.viewmodel.RunSettingsViewModel;

/**
 * The typed run settings of a training run as a form: epochs, learning rate, schedule (a drop-down of
 * {@link Schedule}), weight decay, batch, training images, seed and, for rank learning, the fine-tune
 * phase and the target layers (a checklist of the model's layers; none checked = the default selection).
 * Every field is two-way bound to the {@link RunSettingsViewModel} and disabled while {@code busy}.
 */
final class RunSettingsPane {

    /** Title of the target-layer checklist when no layer is checked. */
    static final String DEFAULT_TARGETS = "default (k\u00d7k convs except the first)";

    private RunSettingsPane() {}

    /**
     * Builds the form.
     *
     * @param prefix id prefix of the fields ({@code "learn"}: {@code learnLearningRate}, ...)
     * @param epochsId id of the epochs spinner (kept from earlier versions of the window)
     * @param withPhases also the fine-tune phase and the target layers (rank learning)
     */
    static GridPane create(
            RunSettingsViewModel s, String prefix, String epochsId, boolean withPhases, ObservableValue<Boolean> busy) {
        GridPane g = new GridPane();
        g.getStyleClass().add("run-settings");
        g.setHgap(6);
        g.setVgap(4);
        for (int i = 0; i < 2; i++) { // two label-field pairs per row: the form stays short
            ColumnConstraints labels = new ColumnConstraints();
            labels.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints fields = new ColumnConstraints(60, 80, Double.MAX_VALUE);
            fields.setHgrow(Priority.ALWAYS);
            g.getColumnConstraints().addAll(labels, fields);
        }
        List<Node> all = new ArrayList<>();
        add(
                g,
                all,
                0,
                0,
                "Epochs",
                intSpinner(epochsId, 1, 10_000, s.epochsProperty()),
                "Epochs of the run (each method maps them onto its own schedule)");
        add(
                g,
                all,
                0,
                1,
                "Batch",
                intSpinner(prefix + "Batch", 1, 4096, s.batchProperty()),
                "Images per training batch");
        add(
                g,
                all,
                1,
                0,
                "LR",
                doubleField(prefix + "LearningRate", s.learningRateProperty()),
                "Learning rate: the peak learning rate of SGD (the schedule scales it)");
        add(
                g,
                all,
                1,
                1,
                "Decay",
                doubleField(prefix + "WeightDecay", s.weightDecayProperty()),
                "Weight decay: L2 penalty of SGD (0: none)");
        ComboBox<Schedule> schedule = new ComboBox<>();
        schedule.getItems().setAll(Schedule.values());
        schedule.setId(prefix + "Schedule");
        schedule.valueProperty().bindBidirectional(s.scheduleProperty());
        add(
                g,
                all,
                2,
                -1,
                "Schedule",
                schedule,
                "Learning-rate schedule over the run: constant, step "
                        + "(\u00d70.1 at 50 % and 75 %), cosine, one-cycle (warm-up 30 %), exponential");
        add(
                g,
                all,
                3,
                0,
                "Images",
                intSpinner(prefix + "TrainImages", 0, 10_000_000, s.trainImagesProperty()),
                "Training images used, validation images excluded (0: the whole training split)");
        add(
                g,
                all,
                3,
                1,
                "Seed",
                longField(prefix + "Seed", s.seedProperty()),
                "Seed of shuffling and augmentation (the same seed gives the same run)");
        if (withPhases) {
            add(
                    g,
                    all,
                    4,
                    0,
                    "FT epochs",
                    intSpinner(prefix + "FineTuneSpinner", 0, 10_000, s.fineTuneEpochsProperty()),
                    "Fine-tune epochs: fine-tuning of the factorized model afterwards " + "(0: none)");
            add(
                    g,
                    all,
                    4,
                    1,
                    "FT LR",
                    doubleField(prefix + "FineTuneLearningRate", s.fineTuneLearningRateProperty()),
                    "Learning rate of the fine-tune phase");
            add(
                    g,
                    all,
                    5,
                    -1,
                    "Targets",
                    targets(s, prefix + "Targets"),
                    "Target layers: the layers to compress; "
                            + "none checked: every k\u00d7k conv (k > 1) except the first");
        }
        for (Node n : all) {
            n.disableProperty().bind(Bindings.createBooleanBinding(() -> Boolean.TRUE.equals(busy.getValue()), busy));
        }
        return g;
    }

    /** Puts a label and its field into row {@code row}, pair {@code pair} (0 or 1; -1: across the row). */
    private static void add(GridPane g, List<Node> all, int row, int pair, String label, Control field, String tip) {
        Label l = new Label(label);
        l.setLabelFor(field);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(360);
        l.setTooltip(t);
        field.setTooltip(t);
        field.setMaxWidth(Double.MAX_VALUE);
        field.setPrefWidth(80);
        int col = pair < 0 ? 0 : 2 * pair;
        g.add(l, col, row);
        g.add(field, col + 1, row, pair < 0 ? 3 : 1, 1);
        all.add(field);
    }

    private static CheckComboBox<String> targets(RunSettingsViewModel s, String id) {
        CheckComboBox<String> box = new CheckComboBox<>(s.layers());
        box.setId(id);
        box.setShowCheckedCount(true);
        Runnable title = () -> box.setTitle(
                s.targetLayers().isEmpty()
                        ? DEFAULT_TARGETS
                        : s.targetLayers().size() + " layer" + (s.targetLayers().size() == 1 ? "" : "s"));
        boolean[] syncing = {false};
        Runnable toView = () -> {
            syncing[0] = true;
            try {
                box.getCheckModel().clearChecks();
                for (String t : s.targetLayers()) {
                    box.getCheckModel().check(t);
                }
            } finally {
                syncing[0] = false;
            }
            title.run();
        };
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                // in the model's layer order, whatever the order of clicks
                s.targetLayers()
                        .setAll(s.layers().stream()
                                .filter(box.getCheckModel()::isChecked)
                                .toList());
                title.run();
            }
        });
        s.targetLayers().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0] && !s.targetLayers().equals(box.getCheckModel().getCheckedItems())) {
                toView.run();
            }
        });
        s.layers().addListener((ListChangeListener<String>) c -> toView.run());
        toView.run();
        return box;
    }

    /** An integer spinner two-way bound to {@code p} (listeners, so nothing depends on weak bindings). */
    static Spinner<Integer> intSpinner(String id, int min, int max, IntegerProperty p) {
        Spinner<Integer> sp = new Spinner<>(min, max, Math.max(min, Math.min(max, p.get())));
        sp.setId(id);
        sp.setEditable(true);
        sp.setPrefWidth(90);
        sp.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> {
            if (!b.equals(sp.getValue())) {
                sp.getValueFactory().setValue(b.intValue());
            }
        });
        // a typed value counts when the field loses focus, not only on Enter
        sp.focusedProperty().addListener((o, a, f) -> {
            if (!f) {
                commit(sp);
            }
        });
        return sp;
    }

    private static void commit(Spinner<Integer> sp) {
        try {
            sp.increment(0);
        } catch (RuntimeException e) {
            sp.getEditor().setText(String.valueOf(sp.getValue()));
        }
    }

    /** A number field (1e-4, 0.01) two-way bound to {@code p}; invalid text reverts to the last value. */
    static TextField doubleField(String id, DoubleProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(7);
        TextFormatter<Double> fmt = new TextFormatter<>(DOUBLE, p.get());
        f.setTextFormatter(fmt);
        fmt.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> {
            if (!b.equals(fmt.getValue())) {
                fmt.setValue(b.doubleValue());
            }
        });
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                f.commitValue();
            }
        });
        return f;
    }

    private static TextField longField(String id, LongProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(7);
        TextFormatter<Long> fmt = new TextFormatter<>(LONG, p.get());
        f.setTextFormatter(fmt);
        fmt.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> fmt.setValue(b.longValue()));
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                f.commitValue();
            }
        });
        return f;
    }

    /** Shortest round-trip text of a double ({@code 0.01}, {@code 1.0E-4}); parses the same way. */
    static final StringConverter<Double> DOUBLE = new StringConverter<>() {
        @Override
        public String toString(Double v) {
            return v == null ? "" : Double.toString(v);
        }

        @Override
        public Double fromString(String s) {
            double v = Double.parseDouble(s.trim().replace(',', '.'));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException("not a finite number: " + s);
            }
            return v;
        }
    };

    private static final StringConverter<Long> LONG = new StringConverter<>() {
        @Override
        public String toString(Long v) {
            return v == null ? "" : String.valueOf(v);
        }

        @Override
        public Long fromString(String s) {
            return Long.parseLong(s.trim().toLowerCase(Locale.ROOT));
        }
    };
}
