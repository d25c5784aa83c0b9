package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.List;

/**
 * Shows messages and asks questions; the app implements it with dialogs and notifications. The questions
 * have defaults that keep the user's work (cancel, no, no file), so a test double need only implement the
 * messages.
 */
public interface DialogService {
    /** Shows an error with a title and a one-paragraph message (never a stack trace). */
    void showError(String title, String message);

    /**
     * Shows an error with a one-line message and details, one item a line (e.g. every tensor that does
     * not fit, with both shapes); the app shows them in a scrollable list.
     */
    default void showError(String title, String message, List<String> details) {
        showError(title, details.isEmpty() ? message : message + "\n" + String.join("\n", details));
    }

    /**
     * Asks the questions of a safetensors import in one dialog; returns true for OK (only possible while
     * the form is valid), false if cancelled.
     */
    default boolean askSafetensorsImport(SafetensorsImportViewModel form) {
        return false;
    }

    /** Shows a short, non-blocking notification. */
    void notify(String message);

    /**
     * Asks whether to save the unsaved changes of {@code documentName} before they would be lost.
     *
     * @param documentName the session's name as shown in the title
     * @param action what would discard them ({@code "closing"}, {@code "opening another session"})
     */
    default DiscardChoice confirmDiscard(String documentName, String action) {
        return DiscardChoice.CANCEL;
    }

    /** Asks a yes/no question; returns true for yes. */
    default boolean confirm(String title, String message) {
        return false;
    }

    /** Asks where to save a file (null if the user cancels). */
    default Path chooseSaveFile(String title, String suggestedName) {
        return null;
    }
}
