package rankbench.experiment.session;

import java.io.IOException;

/**
 * A session file that cannot be read or written. The message is one line that names the file and the
 * problem ({@code "/home/a/exp.rbsession: corrupt or truncated session file (zip END header not found)"}),
 * fit to be shown to the user as it is. Every failure of {@link SessionFiles} and {@link SessionRecovery}
 * is one of these.
 */
public final class SessionFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private static final int MAX_PROBLEM = 300;

    private final String source;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param source the file (or stream) the problem is in, as shown to the user
     * @param problem what is wrong, one line (longer text is cut, line breaks become spaces)
     */
    public SessionFileException(String source, String problem) {
        this(source, problem, null);
    }

    /** Creates the exception with the low-level cause (kept for the log, not shown). */
    public SessionFileException(String source, String problem, Throwable cause) {
        super(oneLine(source, 4096) + ": " + oneLine(problem, MAX_PROBLEM), cause);
        this.source = source;
        this.problem = problem;
    }

    /** Returns the file (or stream name) the problem is in. */
    public String source() {
        return source;
    }

    /** Returns what is wrong, without the file name. */
    public String problem() {
        return oneLine(problem, MAX_PROBLEM);
    }

    private static String oneLine(String s, int max) {
        String t = String.valueOf(s).replaceAll("[\\r\\n\\t\\p{Cntrl}]+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
