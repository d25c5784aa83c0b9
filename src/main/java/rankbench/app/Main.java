package rankbench.app;

import javafx.application.Application;
import rankbench.experiment.cli.Cli;

/**
 * Entry point of {@code rankbench.jar}: without arguments it opens the window, with a command it
 * runs the command line. Not a JavaFX {@code Application}, so the plain class path works.
 */
public final class Main {

    private Main() {}

    /** Starts the window or the command line. */
    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(RankBenchApp.class, args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
