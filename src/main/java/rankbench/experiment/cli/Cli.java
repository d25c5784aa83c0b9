package rankbench.experiment.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import rankbench.experiment.model.Engines;
import rankbench.experiment.session.SoftwareVersions;

/**
 * The {@code rankbench} command line: the same engine as the window, with JSON output.
 *
 * <p>Errors are printed to stderr as one line and give a non-zero exit code (2 for bad options or
 * arguments, with a pointer to the command's {@code --help}); {@code --verbose} adds the stack trace.
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
            FineTuneCommand.class,
            SessionCommand.class,
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
        cl.setParameterExceptionHandler(UsageErrors::report);
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
            return new String[] {
                "RankBench " + v.rankbench(),
                "DJL " + v.djl() + ", PyTorch (libtorch) " + v.libtorch() + " " + Engines.nativesFlavor()
                        + " natives, Java " + v.java() + ", " + v.os()
            };
        }
    }
}
