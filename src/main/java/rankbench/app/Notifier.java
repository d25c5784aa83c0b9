package rankbench.app;

import java.util.Locale;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import rankbench.experiment.session.Run;
import rankbench.experiment.session.RunKind;
import rankbench.experiment.session.RunMetrics;
import rankbench.experiment.training.RunStatus;

/**
 * Tells the user how a run ended while the window was in the background. The window calls it for every
 * fine-tune and rank-learning run that ends unfocused; {@link #popups(Stage)} shows a ControlsFX
 * notification, tests pass a recording one.
 */
@FunctionalInterface
interface Notifier {

    /** Shows {@code notice}. */
    void show(Notice notice);

    /**
     * What a notification says.
     *
     * @param title what ran and how it ended ({@code "Rank learning (trp) diverged"})
     * @param text the run's id and label, then its validation accuracy or why it has no result
     * @param status the run's status
     */
    record Notice(String title, String text, RunStatus status) {

        /** The notice of a run, saying its status as it is: a diverged or failed run has no result. */
        static Notice of(Run r) {
            String what = r.kind() == RunKind.FINE_TUNE ? "Fine-tuning" : "Rank learning (" + r.method() + ")";
            String ended = switch (r.status()) {
                case COMPLETED -> "completed";
                case CANCELLED -> "was cancelled";
                case DIVERGED -> "diverged \u2014 no result";
                case FAILED -> "failed \u2014 no result";
            };
            StringBuilder text = new StringBuilder(r.id()).append(" \u00b7 ").append(r.label());
            Double acc = r.metrics() == null ? null : r.metrics().validationAccuracy();
            if (r.status() == RunStatus.COMPLETED && acc != null) {
                text.append("\nValidation accuracy ").append(percent(acc));
                RunMetrics m = r.metrics();
                if (m.testAccuracy() != null) {
                    text.append(" (test ").append(percent(m.testAccuracy())).append(')');
                }
            } else if (!r.statusMessage().isEmpty()) {
                text.append('\n').append(r.statusMessage());
            }
            return new Notice(what + " " + ended, text.toString(), r.status());
        }

        private static String percent(double v) {
            return String.format(Locale.ROOT, "%.2f %%", 100 * v);
        }
    }

    /** ControlsFX notifications over {@code owner}; clicking one brings the window to the front. */
    static Notifier popups(Stage owner) {
        return n -> {
            Notifications popup = Notifications.create()
                    .title(n.title())
                    .text(n.text())
                    .owner(owner)
                    .hideAfter(Duration.seconds(n.status() == RunStatus.COMPLETED ? 10 : 30))
                    .onAction(e -> {
                        owner.setIconified(false);
                        owner.toFront();
                    });
            switch (n.status()) {
                case COMPLETED -> popup.showInformation();
                case CANCELLED -> popup.showWarning();
                default -> popup.showError();
            }
        };
    }
}
