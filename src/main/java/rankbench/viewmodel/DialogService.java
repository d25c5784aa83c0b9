package rankbench.viewmodel;

import java.nio.file.Path;

/**
 * Shows messages and asks questions; the app implements it with dialogs and notifications. The questions
 * have defaults that keep the user's work (cancel, no, no file), so a test double need only implement the
 * messages.
 */
public interface DialogService {
    /** Shows an error with a title and a one-paragraph message (never a stack trace). */
    void showError(String title, String message);

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
