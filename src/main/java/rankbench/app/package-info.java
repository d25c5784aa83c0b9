/**
 * The composition root: JavaFX views built in code ({@link rankbench.app.MainWindow} and its panes), the
 * FX implementations of the view-model services, and {@link rankbench.app.Main}, which opens the window
 * without arguments and runs the command line with a command. Nothing imports this package.
 */
package rankbench.app;
