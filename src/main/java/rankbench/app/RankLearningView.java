package rankbench.app;

import java.util.List;
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
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.BeanProperty;
import org.controlsfx.property.BeanPropertyUtils;
import org.controlsfx.property.editor.PropertyEditor;
import rankbench.charts.LiveChart;
import rankbench.experiment.methods.ParamInfo;
import rankbench.charts.RankHeatMap;
import rankbench.charts.SpectrumChart;
import rankbench.viewmodel.Command;
import rankbench.viewmodel.RankLearningViewModel;

/**
 * The "Rank learning" tab: method picker, hyperparameter sheet with validation, start / cancel, progress,
 * and live charts (loss, accuracy, parameters, MACs, rank heat map, the selected layer's spectrum with the
 * method's cut-off). Built in code; it only binds to the {@link RankLearningViewModel}.
 */
final class RankLearningView {

    private final RankLearningViewModel vm;
    private final PropertySheet sheet = new PropertySheet();
    private final SpectrumChart spectrum = new SpectrumChart(false);
    private RankHeatMap heatMap;
    private final VBox root = new VBox();
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
        return heatMap;
    }

    SpectrumChart spectrumChart() {
        return spectrum;
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
        GridPane settings = RunSettingsPane.create(vm.settings(), "learn", "learnEpochsSpinner", true,
                vm.runningProperty());
        settings.setId("learnSettings");
        Label help = new Label("Select a hyperparameter to see what it does.");
        help.setId("hyperparameterHelp");
        help.getStyleClass().add("muted");
        help.setWrapText(true);
        this.help = help;
        sheet.setPropertyEditorFactory(new DescribedEditors(help));

        Button start = button("Start", "learnButton", vm.startCommand(),
                "Run the method on a copy of the model with a small data subset, in the background");
        Button cancel = button("Cancel", "cancelLearnButton", vm.cancelCommand(), "Stop the run at its next batch");
        ProgressBar progress = new ProgressBar();
        progress.setId("learnProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(Bindings.when(vm.runningProperty()).then(vm.progressProperty())
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
        VBox form = new VBox(6, new Label("Method"), methods, description, settingsTitle, settings, hpTitle, sheet,
                help);
        form.setPadding(new Insets(6, 8, 6, 8));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(form);
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
        controls.setMinWidth(260);
        controls.setPrefWidth(340);

        LiveChart loss = new LiveChart("Loss", "step", "loss");
        loss.addSeries("train (batch)", vm.loss(), false);
        loss.node().setId("learnLossChart");
        LiveChart acc = new LiveChart("Accuracy", "step", "accuracy");
        acc.addSeries("train (batch)", vm.trainAccuracy(), false);
        acc.addSeries("validation (epoch end)", vm.validationAccuracy(), true);
        acc.node().setId("learnAccuracyChart");
        LiveChart params = new LiveChart("Parameters", "step", "parameters");
        params.addSeries("parameters at current ranks", vm.params(), true);
        params.node().setId("learnParamsChart");
        LiveChart macs = new LiveChart("MACs", "step", "MACs / image");
        macs.addSeries("MACs at current ranks", vm.macs(), true);
        macs.node().setId("learnMacsChart");
        heatMap = new RankHeatMap(vm.rankHistory(), vm.layerNames());
        heatMap.node().setId("rankHeatMap");
        ComboBox<String> layer = new ComboBox<>(vm.layerNames());
        layer.setId("rankLayerPicker");
        layer.setPromptText("layer");
        layer.valueProperty().bindBidirectional(vm.selectedLayerProperty());
        layer.setTooltip(new Tooltip("The layer whose spectrum is shown"));
        spectrum.node().setId("learnSpectrumChart");
        ChartExportMenu.attach(loss.node(), "rank-learning-loss");
        ChartExportMenu.attach(acc.node(), "rank-learning-accuracy");
        ChartExportMenu.attach(params.node(), "rank-learning-params");
        ChartExportMenu.attach(macs.node(), "rank-learning-macs");
        ChartExportMenu.attach(spectrum.node(), "rank-learning-spectrum");
        attachHeatMapExport(ChartExportMenu.FILE_CHOOSER);
        VBox spectrumBox = new VBox(2, layer, spectrum.node());
        VBox.setVgrow(spectrum.node(), Priority.ALWAYS);

        GridPane charts = new GridPane();
        charts.setHgap(4);
        charts.setVgap(4);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            c.setHgrow(Priority.ALWAYS);
            charts.getColumnConstraints().add(c);
        }
        for (int i = 0; i < 2; i++) {
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            charts.getRowConstraints().add(r);
        }
        for (Node n : List.of(loss.node(), acc.node(), params.node(), macs.node(), heatMap.node(), spectrumBox)) {
            if (n instanceof javafx.scene.layout.Region r) {
                r.setMinSize(80, 60);
                r.setPrefSize(200, 150);
            }
        }
        charts.add(loss.node(), 0, 0);
        charts.add(acc.node(), 1, 0);
        charts.add(heatMap.node(), 2, 0);
        charts.add(params.node(), 0, 1);
        charts.add(macs.node(), 1, 1);
        charts.add(spectrumBox, 2, 1);

        SplitPane split = new SplitPane(controls, charts);
        split.setDividerPositions(0.34);
        root.getChildren().add(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        showParameters(vm.parametersProperty().get());
    }

    private void initListeners() {
        vm.parametersProperty().addListener((o, a, b) -> showParameters(b));
        javafx.beans.InvalidationListener redraw = o -> spectrum.batch(() -> {
            spectrum.setTitle(vm.spectrumTitleProperty().get());
            spectrum.setSpectrum(vm.spectrumProperty().get());
            spectrum.setRuleRank(vm.cutoffProperty().get(), "cut-off");
            spectrum.setRank(vm.cutoffProperty().get());
        });
        vm.spectrumProperty().addListener(redraw);
        vm.cutoffProperty().addListener(redraw);
        vm.spectrumTitleProperty().addListener(redraw);
    }

    private void showParameters(Object bean) {
        if (bean == null) {
            sheet.getItems().clear();
            return;
        }
        java.util.Map<String, ParamInfo> infos = new java.util.HashMap<>();
        for (ParamInfo i : ParamInfo.of(bean.getClass())) {
            infos.put(i.name(), i);
        }
        // in the bean's declaration order (ParamInfo's), not alphabetically
        List<String> order = ParamInfo.of(bean.getClass()).stream().map(ParamInfo::name).toList();
        sheet.getItems().setAll(BeanPropertyUtils.getProperties(bean).stream()
                .filter(i -> infos.containsKey(propertyName(i)))
                .sorted(java.util.Comparator.comparingInt(i -> order.indexOf(propertyName(i))))
                .map(i -> (PropertySheet.Item) new Validating(i, infos.get(propertyName(i)))).toList());
        help.setText("Select a hyperparameter to see what it does.");
        // tall enough for every property: the form scrolls as a whole, not the sheet inside it
        double h = 8 + 28.0 * sheet.getItems().size();
        sheet.setMinHeight(h);
        sheet.setPrefHeight(h);
    }

    /** Gives the heat map its "Export as PNG / SVG" menu (PNG: a snapshot of the canvas; SVG: vector cells). */
    void attachHeatMapExport(ChartExportMenu.Chooser chooser) {
        ChartExportMenu.attach(heatMap.node(), null, "rank-heat-map", (file, format) -> {
            if (format == rankbench.charts.ChartExport.Format.PNG) {
                heatMap.writePng(file);
            } else {
                heatMap.writeSvg(file);
            }
        }, chooser);
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
