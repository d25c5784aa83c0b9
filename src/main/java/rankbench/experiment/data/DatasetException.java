package rankbench.experiment.data;

/**
 * Unchecked error with a clear, user-facing one-line message naming the file and what is wrong.
 */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a user-facing message.
     *
     * @param message one line naming the file and the problem
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a user-facing message and the underlying cause.
     *
     * @param message one line naming the file and the problem
     * @param cause the underlying error
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
