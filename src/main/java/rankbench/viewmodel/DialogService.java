package rankbench.viewmodel;

/** Shows messages to the user; the app implements it with dialogs and notifications. */
public interface DialogService {
    /** Shows an error with a title and a one-paragraph message (never a stack trace). */
    void showError(String title, String message);

    /** Shows a short, non-blocking notification. */
    void notify(String message);
}
