package rankbench.app;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.util.Duration;
import rankbench.experiment.session.Run;
import rankbench.experiment.training.RunStatus;
import rankbench.viewmodel.RunFormat;

/**
 * The run archive's table: one row per run, sortable by every column (numbers sort as numbers, runs without
 * a figure last). Diverged and failed runs show their status in red with the reason as a tooltip, and no
 * accuracy (they have no result); cancelled runs are marked.
 */
final class RunArchiveViewTable {

    static final PseudoClass DIVERGED = PseudoClass.getPseudoClass("diverged");
    static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");
    static final PseudoClass NO_RESULT = PseudoClass.getPseudoClass("no-result");

    private RunArchiveViewTable() {}

    /** Creates the table; {@code onActivate} runs on a double click on a run's row. */
    static TableView<Run> create(Runnable onActivate) {
        TableView<Run> table = new TableView<>();
        table.setId("archiveTable");
        table.getStyleClass().add("run-table");
        table.setPlaceholder(new Label("No runs yet: pin a compression, fine-tune or run a method; CLI runs "
                + "with --session appear here too"));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns()
                .addAll(List.of(
                        text("Run", 60, Run::id, "The run's id in this session"),
                        text(
                                "Method",
                                85,
                                Run::method,
                                "The rank rule or rank-learning method (fine-tune: fine-tuning of "
                                        + "a factorized model)"),
                        text(
                                "Kind",
                                112,
                                r -> r.kind().id(),
                                "compress: a plan applied without training; fine-tune; "
                                        + "rank-learning: a method that learns ranks while training; train: a dense model"),
                        hyperparameterColumn(),
                        statusColumn(),
                        accuracy(
                                "Val. compress-only",
                                r -> r.metrics().compressOnlyValidationAccuracy(),
                                "Validation accuracy of the factorized model before fine-tuning, on held-out images "
                                        + "taken from the training split"),
                        accuracy(
                                "Val. fine-tuned",
                                r -> r.metrics().fineTunedValidationAccuracy(),
                                "Validation accuracy after fine-tuning (held-out images from the training split)"),
                        accuracy(
                                "test",
                                r -> r.metrics().testAccuracy(),
                                "Test-set accuracy (fine-tuned if measured, else compress-only): reported only, "
                                        + "never used to choose anything"),
                        number(
                                "Params",
                                80,
                                r -> (double) r.metrics().params(),
                                v -> RunFormat.count(v.longValue()),
                                "Parameters of the run's model"),
                        number(
                                "MACs",
                                80,
                                r -> (double) r.metrics().macs(),
                                v -> RunFormat.count(v.longValue()),
                                "Multiply-accumulates per image of the run's model (FLOPs = 2 \u00d7 MACs)"),
                        number(
                                "MAC reduction",
                                122,
                                r -> RunFormat.macReductionValue(r.metrics()),
                                v -> String.format(Locale.ROOT, "%.2f\u00d7", v),
                                "MACs of the starting model divided by the run's MACs"),
                        number(
                                "Latency",
                                80,
                                r -> r.metrics().latencyMs(),
                                RunFormat::latency,
                                "Measured forward latency of the run's model (median ms per batch; batch size in the "
                                        + "tooltip of the Pareto points)"),
                        number("Wall time", 85, Run::wallSeconds, RunFormat::wallTime, "How long the run took")));
        table.setRowFactory(t -> {
            TableRow<Run> row = new TableRow<>() {
                @Override
                protected void updateItem(Run r, boolean empty) {
                    super.updateItem(r, empty);
                    pseudoClassStateChanged(
                            NO_RESULT, !empty && r != null && !r.status().hasResult());
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    onActivate.run();
                }
            });
            return row;
        });
        return table;
    }

    /** A header label with a tooltip (TableColumn itself has none). */
    private static <T> TableColumn<Run, T> column(String title, double width, String tip) {
        TableColumn<Run, T> c = new TableColumn<>();
        Label header = new Label(title);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(360);
        t.setShowDelay(Duration.millis(300));
        header.setTooltip(t);
        c.setGraphic(header);
        c.setId("col-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-"));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<Run, String> text(String title, double width, Function<Run, String> value, String tip) {
        TableColumn<Run, String> c = column(title, width, tip);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }

    private static TableColumn<Run, String> hyperparameterColumn() {
        TableColumn<Run, String> c = text(
                "Hyperparameters",
                190,
                RunFormat::keyHyperparameters,
                "The run's own settings (training-loop plumbing left out); every setting in the cell's tooltip");
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                Run r = empty ? null : getTableRow().getItem();
                setText(empty ? null : s);
                setTooltip(r == null ? null : new Tooltip(RunFormat.allHyperparameters(r)));
            }
        });
        return c;
    }

    private static TableColumn<Run, Run> statusColumn() {
        TableColumn<Run, Run> c = column(
                "Status",
                105,
                "completed, cancelled (stopped by the user; the model of "
                        + "its last full step), diverged or failed (never a result; the reason in the tooltip)");
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setComparator(Comparator.comparing(r -> r.status().ordinal()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Run r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("status-cell");
                getStyleClass().add("status-cell");
                RunStatus s = empty || r == null ? null : r.status();
                pseudoClassStateChanged(DIVERGED, s == RunStatus.DIVERGED);
                pseudoClassStateChanged(FAILED, s == RunStatus.FAILED);
                pseudoClassStateChanged(CANCELLED, s == RunStatus.CANCELLED);
                setText(s == null ? null : (s == RunStatus.COMPLETED ? "" : "\u26a0 ") + s.id());
                setTooltip(s == null || r.statusMessage().isBlank() ? null : new Tooltip(RunFormat.status(r)));
            }
        });
        return c;
    }

    /** An accuracy column; runs without a result show none (their figures are not results). */
    private static TableColumn<Run, Double> accuracy(String title, Function<Run, Double> value, String tip) {
        return number(
                title,
                title.length() > 15 ? 158 : title.length() > 4 ? 122 : 80,
                r -> r.status().hasResult() ? value.apply(r) : null,
                RunFormat::percent,
                tip);
    }

    private static TableColumn<Run, Double> number(
            String title, double width, Function<Run, Double> value, Function<Double, String> format, String tip) {
        TableColumn<Run, Double> c = column(title, width, tip);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v == null ? "\u2013" : format.apply(v));
            }
        });
        c.getStyleClass().add("number");
        return c;
    }
}
