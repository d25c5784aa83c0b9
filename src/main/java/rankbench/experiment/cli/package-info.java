/**
 * The {@code rankbench} command line (picocli): the same engine as the window, with {@code --json}
 * output and one-line errors. Entry point {@link rankbench.experiment.cli.Cli#run(String[])}.
 */
package rankbench.experiment.cli;
