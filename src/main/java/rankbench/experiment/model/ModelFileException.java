package rankbench.experiment.model;

/** A model file that cannot be read: the message names the file and what is wrong with it. */
public class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, user-facing message. */
    public ModelFileException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and its cause. */
    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
