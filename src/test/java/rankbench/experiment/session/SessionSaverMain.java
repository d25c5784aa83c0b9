package rankbench.experiment.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.RunStatus;

/**
 * The child process of {@link SessionSaveKillTest}: saves sessions to one file, over and over, until it is
 * killed. Generation {@code g} has the title {@code "generation g"} and {@code g % 5 + 1} runs, so a file
 * mixing two saves cannot pass as either. Prints {@code saved g} after each save and, after the first one,
 * {@code ready <nanoseconds it took>}.
 */
public final class SessionSaverMain {

    private SessionSaverMain() {}

    /** Title of generation {@code g}. */
    static String title(long g) {
        return "generation " + g;
    }

    /** Number of runs of generation {@code g}. */
    static int runs(long g) {
        return (int) (g % 5) + 1;
    }

    /** Arguments: the file, the first generation. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        List<SavedModel> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(SessionFixtures.lenet(100 + i));
        }
        for (long g = first; ; g++) {
            long t0 = System.nanoTime();
            ExperimentSession s = ExperimentSession.start(title(g), "pool", pool.get(0), SessionFixtures.dataset());
            for (int i = 0; i < runs(g); i++) {
                s = s.withRun(SessionFixtures.run(
                        "run-" + (i + 1),
                        RunKind.FINE_TUNE,
                        RunStatus.COMPLETED,
                        pool.get((int) ((g + i) % pool.size())),
                        null,
                        i % 2 == 0));
            }
            SessionFiles.write(s, file);
            System.out.println("saved " + g);
            if (g == first) {
                System.out.println("ready " + (System.nanoTime() - t0));
            }
            System.out.flush();
        }
    }
}
