package rankbench.experiment.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rankbench session}: look into and export experiment session files. */
@Command(
        name = "session",
        mixinStandardHelpOptions = true,
        description = "Experiment sessions (.rbsession files made by the window or by compress/train/learn "
                + "--session): list their runs, export runs and reports.",
        subcommands = {SessionInfoCommand.class, SessionExportCommand.class, CommandLine.HelpCommand.class})
final class SessionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: info or export");
    }
}
