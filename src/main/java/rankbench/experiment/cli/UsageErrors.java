package rankbench.experiment.cli;

import java.util.List;
import picocli.CommandLine;

/** Usage errors (unknown command or option, bad value) as one line on stderr instead of the full usage. */
final class UsageErrors {

    private UsageErrors() {}

    /**
     * An unknown command or option, or a bad option value: one line on stderr with a hint where the
     * help is, instead of picocli's full usage text; exit code 2.
     */
    static int report(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException)
                && !cl.getUnmatchedArguments().isEmpty()) {
            ex = new CommandLine.UnmatchedArgumentException(
                    cl, cl.getUnmatchedArguments()); // the typo, not a missing option
        }
        StringBuilder line = new StringBuilder("Error: ");
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            line.append("unknown command '").append(u.getUnmatched().get(0)).append('\'');
        } else {
            line.append(Cli.oneLine(ex));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            List<String> close = u.getSuggestions().stream()
                    .filter(c -> editDistance(typed, c) <= Math.max(1, typed.length() / 3))
                    .toList();
            if (!close.isEmpty()) {
                line.append(" (did you mean ")
                        .append(String.join(" or ", close))
                        .append("?)");
            }
        }
        line.append("; see ").append(cl.getCommandSpec().qualifiedName()).append(" --help");
        cl.getErr().println(line);
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Levenshtein distance, to suggest only commands that are near what was typed. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
