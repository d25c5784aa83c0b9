package rankbench.app;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.BeanProperty;
import org.controlsfx.property.BeanPropertyUtils;
import org.controlsfx.property.editor.PropertyEditor;
import rankbench.charts.RankHeatMap;
import rankbench.charts.SpectrumChart;
import rankbench.experiment.methods.ParamInfo;
import rankbench.viewmodel.Command;
import rankbench.viewmodel.RankLearningViewModel;

/**
 * The rank-learning workspace: a full-height column with the method picker, the run settings, the
 * hyperparameter sheet with validation, and (always in view below it) start / cancel, progress and the
 * result; beside it the live charts ({@link RankLearningCharts}: loss, accuracy, parameters, MACs, the rank
 * heat map, the selected layer's spectrum with the method's cut-off). Built in code; it only binds to the
 * {@link RankLearningViewModel}.
 */
final class RankLearningView {

    private final RankLearningViewModel vm;
    private final PropertySheet sheet = new PropertySheet();
    private final VBox root = new VBox();
    private final SplitPane split = new SplitPane();
    private RankLearningCharts charts;
    private Label help;

    RankLearningView(RankLearningViewModel vm) {
        this.vm = vm;
        createView();
        initListeners();
    }

    Node node() {
        return root;
    }

    RankHeatMap heatMap() {
        return charts.heatMap();
    }

    SpectrumChart spectrumChart() {
        return charts.spectrumChart();
    }

    private void createView() {
        root.setId("rankLearning");
        ComboBox<String> methods = new ComboBox<>(vm.methods());
        methods.setId("methodPicker");
        methods.valueProperty().bindBidirectional(vm.selectedMethodProperty());
        methods.disableProperty().bind(vm.runningProperty());
        Label description = new Label();
        description.setId("methodDescription");
        description.getStyleClass().add("muted");
        description.setWrapText(true);
        description.textProperty().bind(vm.descriptionProperty());

        sheet.setId("hyperparameters");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.disableProperty().bind(vm.runningProperty());
        Label validation = new Label();
        validation.setId("validationMessage");
        validation.getStyleClass().add("validation-message");
        validation.setWrapText(true);
        validation.textProperty().bind(vm.validationMessageProperty());

        Label settingsTitle = new Label("Run settings");
        settingsTitle.getStyleClass().add("section-title");
        GridPane settings =
                RunSettingsPane.create(vm.settings(), "learn", "learnEpochsSpinner", true, vm.runningProperty());
        settings.setId("learnSettings");
        Label help = new Label("Select a hyperparameter to see what it does.");
        help.setId("hyperparameterHelp");
        help.getStyleClass().add("muted");
        help.setWrapText(true);
        this.help = help;
        sheet.setPropertyEditorFactory(new DescribedEditors(help));

        Button start = button(
                "Start",
                "learnButton",
                vm.startCommand(),
                "Run the method on a copy of the model with a small data subset, in the background");
        Button cancel = button("Cancel", "cancelLearnButton", vm.cancelCommand(), "Stop the run at its next batch");
        ProgressBar progress = new ProgressBar();
        progress.setId("learnProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty()
                .bind(Bindings.when(vm.runningProperty())
                        .then(vm.progressProperty())
                        .otherwise(0.0));
        HBox.setHgrow(progress, Priority.ALWAYS);
        Label eta = new Label();
        eta.setId("learnEta");
        eta.textProperty().bind(vm.etaProperty());
        HBox buttons = new HBox(6, start, cancel, progress, eta);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label phase = new Label();
        phase.getStyleClass().add("muted");
        phase.textProperty().bind(vm.phaseProperty());
        Label result = new Label();
        result.setId("learnResult");
        result.setWrapText(true);
        result.textProperty().bind(vm.resultTextProperty());

        Label hpTitle = new Label("Hyperparameters");
        hpTitle.getStyleClass().add("section-title");
        // the run settings first: they are what a user changes most; the method's own knobs follow
        VBox form =
                new VBox(6, new Label("Method"), methods, description, settingsTitle, settings, hpTitle, sheet, help);
        form.setPadding(new Insets(6, 8, 6, 8));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setId("learnForm");
        // Start, the reason it is disabled, progress and the result stay in view however long the form is
        for (Label l : List.of(validation, phase, result)) {
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        VBox footer = new VBox(6, validation, buttons, phase, result);
        footer.getStyleClass().add("run-footer");
        footer.setPadding(new Insets(6, 8, 6, 8));
        VBox controls = new VBox(scroll, footer);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        controls.setMinWidth(300);
        controls.setPrefWidth(380);

        charts = new RankLearningCharts(vm);
        split.getItems().addAll(controls, charts.node());
        split.setDividerPositions(0.28);
        SplitPane.setResizableWithParent(controls, false); // a wider window widens the charts, not the form
        root.getChildren().add(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        showParameters(vm.parametersProperty().get());
    }

    private void initListeners() {
        vm.parametersProperty().addListener((o, a, b) -> showParameters(b));
    }

    private void showParameters(Object bean) {
        if (bean == null) {
            sheet.getItems().clear();
            return;
        }
        Map<String, ParamInfo> infos = new HashMap<>();
        for (ParamInfo i : ParamInfo.of(bean.getClass())) {
            infos.put(i.name(), i);
        }
        // in the bean's declaration order (ParamInfo's), not alphabetically
        List<String> order =
                ParamInfo.of(bean.getClass()).stream().map(ParamInfo::name).toList();
        sheet.getItems()
                .setAll(BeanPropertyUtils.getProperties(bean).stream()
                        .filter(i -> infos.containsKey(propertyName(i)))
                        .sorted(Comparator.comparingInt(i -> order.indexOf(propertyName(i))))
                        .map(i -> (PropertySheet.Item) new Validating(i, infos.get(propertyName(i))))
                        .toList());
        help.setText("Select a hyperparameter to see what it does.");
        // tall enough for every property: the form scrolls as a whole, not the sheet inside it
        double h = 8 + 28.0 * sheet.getItems().size();
        sheet.setMinHeight(h);
        sheet.setPrefHeight(h);
    }

    /** Gives the heat map its "Export as PNG / SVG" menu with {@code chooser} (tests pass their own). */
    void attachHeatMapExport(ChartExportMenu.Chooser chooser) {
        charts.attachHeatMapExport(chooser);
    }

    /** Restores (and later saves) the workspace's dividers: form | charts, and the charts' own. */
    void rememberLayout(Dividers dividers) {
        dividers.restore("learnDivider", split, 0.28);
        charts.rememberLayout(dividers);
    }

    private static String propertyName(PropertySheet.Item i) {
        return i instanceof BeanProperty b ? b.getPropertyDescriptor().getName() : i.getName();
    }

    private static Button button(String text, String id, Command c, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> c.execute());
        b.disableProperty().bind(c.executableProperty().not());
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /**
     * A bean property that asks the view model to re-validate after every edit; its description (with the
     * unit) and category come from the method's {@link ParamInfo}.
     */
    private final class Validating implements PropertySheet.Item {
        private final PropertySheet.Item delegate;
        private final ParamInfo info;

        Validating(PropertySheet.Item delegate, ParamInfo info) {
            this.delegate = delegate;
            this.info = info;
        }

        @Override
        public Class<?> getType() {
            return delegate.getType();
        }

        @Override
        public String getCategory() {
            return info == null || info.category().isEmpty() ? delegate.getCategory() : info.category();
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public String getDescription() {
            if (info == null) {
                return delegate.getDescription();
            }
            return info.unit().isEmpty() ? info.description() : info.description() + " [" + info.unit() + "]";
        }

        @Override
        public Object getValue() {
            return delegate.getValue();
        }

        @Override
        public void setValue(Object value) {
            delegate.setValue(value);
            vm.validate();
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return delegate.getObservableValue();
        }

        @Override
        public Optional<Class<? extends PropertyEditor<?>>> getPropertyEditorClass() {
            return delegate.getPropertyEditorClass();
        }

        @Override
        public boolean isEditable() {
            return delegate.isEditable();
        }
    }
}
