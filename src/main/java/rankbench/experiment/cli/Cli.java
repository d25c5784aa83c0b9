package rankbench.experiment.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import rankbench.experiment.session.SoftwareVersions;

/**
 * The {@code rankbench} command line: the same engine as the window, with JSON output.
 *
 * <p>Errors are printed to stderr as one line and give a non-zero exit code; {@code --verbose}
 * adds the stack trace.
 */
@Command(
        name = "rankbench",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Explore the rank/accuracy trade-off of low-rank CNN compression.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            InfoCommand.class,
            BenchCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            SpectrumCommand.class,
            CompressCommand.class,
            LatencyCommand.class,
            SelectCommand.class,
            LearnCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            commandLine.getErr().println("Error: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * An unknown command or option, or a bad option value: one line on stderr with a hint where the
     * help is, instead of picocli's full usage text; exit code 2.
     */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        StringBuilder line = new StringBuilder("Error: ");
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            line.append("unknown command '").append(u.getUnmatched().get(0)).append('\'');
        } else {
            line.append(oneLine(ex));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            java.util.List<String> close = u.getSuggestions().stream()
                    .filter(c -> editDistance(typed, c) <= Math.max(1, typed.length() / 3)).toList();
            if (!close.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", close)).append("?)");
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

    static String oneLine(Throwable ex) {
        Throwable t = ex;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    /** Prints the version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            SoftwareVersions v = SoftwareVersions.current();
            return new String[] {"RankBench " + v.rankbench(), "DJL " + v.djl() + ", PyTorch (libtorch) " + v.libtorch()
                + " CPU, Java " + v.java() + ", " + v.os()};
        }
    }
}
