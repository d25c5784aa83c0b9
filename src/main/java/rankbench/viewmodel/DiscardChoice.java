package rankbench.viewmodel;

/** The answer to "discard unsaved changes?": save them first, discard them, or cancel what was asked. */
public enum DiscardChoice {
    /** Save the session, then go on (if the save succeeds). */
    SAVE,
    /** Go on without saving; the unsaved changes are lost. */
    DISCARD,
    /** Do nothing; keep the session open with its changes. */
    CANCEL
}
