package rankbench.app;

import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunMetrics;
import rankbench.viewmodel.SessionViewModel;

/**
 * A plain list of the session's runs (id, label, status, validation and test accuracy); clicking a run
 * restores it. The window's "Runs" tab shows this until the run archive view is put in its place with
 * {@link MainWindow#setRunArchive(Node)}.
 */
final class RunListPane {

    private static final PseudoClass NO_RESULT = PseudoClass.getPseudoClass("no-result");

    private RunListPane() {}

    static Node create(SessionViewModel session) {
        ListView<Run> list = new ListView<>(session.runs());
        list.setId("runList");
        list.setPlaceholder(new Label("Runs appear here"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Run r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(NO_RESULT, !empty && r != null && !r.hasResult());
                setText(empty || r == null ? null : describe(r));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != session.selectedRunProperty().get()) {
                session.restore(b);
            }
        });
        session.selectedRunProperty().addListener((o, a, b) -> {
            if (b == null) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() == null
                    || !list.getSelectionModel().getSelectedItem().id().equals(b.id())) {
                list.getSelectionModel().select(b);
            }
        });
        return list;
    }

    /** One line per run: what it is, how it ended, and its figures labelled by which accuracy they are. */
    static String describe(Run r) {
        RunMetrics m = r.metrics();
        StringBuilder b = new StringBuilder(r.id()).append(" \u00b7 ").append(r.kind().id()).append(" \u00b7 ");
        b.append(r.hasResult() ? r.status().id() : r.status().id().toUpperCase(Locale.ROOT) + ", no result");
        if (r.hasResult() && m.validationAccuracy() != null) {
            b.append(String.format(Locale.ROOT, " \u00b7 validation %.2f %% (%s)", 100 * m.validationAccuracy(),
                    m.fineTunedValidationAccuracy() != null ? "fine-tuned" : "compress-only"));
        }
        if (r.hasResult() && m.testAccuracy() != null) {
            b.append(String.format(Locale.ROOT, " \u00b7 test %.2f %%", 100 * m.testAccuracy()));
        }
        return b.append(" \u00b7 ").append(r.label()).toString();
    }
}
