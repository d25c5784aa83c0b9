package rankbench.experiment.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;

/**
 * An experiment: the base model every plan and run is relative to, the dataset reference, the plan on
 * screen, and the runs in the order they were made. Immutable; the {@code with} methods return changed
 * copies. Saved and opened by {@code SessionFiles}.
 *
 * @param title a name for the experiment (shown in the window and the report)
 * @param createdAt ISO-8601 instant the session was created
 * @param baseModelName where the base model came from ({@code embedded default model}, a file name)
 * @param baseModel the model plans and runs are relative to
 * @param dataset the data the figures are measured on (null until data is loaded)
 * @param currentPlan the plan on screen (empty: dense)
 * @param selectedRunId the run whose model is on screen, or null for the base model
 * @param runs every run, oldest first, ids unique
 */
public record ExperimentSession(
        String title,
        String createdAt,
        String baseModelName,
        SavedModel baseModel,
        DatasetRef dataset,
        RankPlan currentPlan,
        String selectedRunId,
        List<Run> runs) {

    /** Checks that a base model is present and run ids are unique; copies the run list. */
    public ExperimentSession {
        Objects.requireNonNull(baseModel, "baseModel");
        title = title == null ? "Untitled experiment" : title;
        baseModelName = baseModelName == null ? "model" : baseModelName;
        currentPlan = currentPlan == null ? RankPlan.empty() : currentPlan;
        runs = List.copyOf(runs == null ? List.of() : runs);
        Set<String> ids = new HashSet<>();
        for (Run r : runs) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("two runs share the id '" + r.id() + "'");
            }
        }
    }

    /** A new session on a base model with no runs. */
    public static ExperimentSession start(
            String title, String baseModelName, SavedModel baseModel, DatasetRef dataset) {
        return new ExperimentSession(
                title, Instant.now().toString(), baseModelName, baseModel, dataset, RankPlan.empty(), null, List.of());
    }

    /** Returns the run with this id, or null. */
    public Run run(String id) {
        for (Run r : runs) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Returns a fresh run id ({@code run-N}, N one more than the largest used). */
    public String nextRunId() {
        int max = 0;
        for (Run r : runs) {
            if (r.id().startsWith("run-")) {
                try {
                    max = Math.max(max, Integer.parseInt(r.id().substring(4)));
                } catch (NumberFormatException e) {
                    // another id scheme: ignore
                }
            }
        }
        return "run-" + (max + 1);
    }

    /** Returns a copy with {@code run} appended; a run whose id is taken gets {@link #nextRunId()}. */
    public ExperimentSession withRun(Run run) {
        List<Run> rs = new ArrayList<>(runs);
        rs.add(run(run.id()) == null ? run : run.withId(nextRunId()));
        return new ExperimentSession(
                title, createdAt, baseModelName, baseModel, dataset, currentPlan, selectedRunId, rs);
    }

    /** Returns a copy in which the run with the same id is replaced by {@code run} (e.g. a test accuracy added). */
    public ExperimentSession withUpdatedRun(Run run) {
        List<Run> rs = new ArrayList<>();
        boolean found = false;
        for (Run r : runs) {
            if (r.id().equals(run.id())) {
                rs.add(run);
                found = true;
            } else {
                rs.add(r);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no run '" + run.id() + "' in this session");
        }
        return new ExperimentSession(
                title, createdAt, baseModelName, baseModel, dataset, currentPlan, selectedRunId, rs);
    }

    /** Returns a copy with another plan on screen. */
    public ExperimentSession withCurrentPlan(RankPlan plan) {
        return new ExperimentSession(title, createdAt, baseModelName, baseModel, dataset, plan, selectedRunId, runs);
    }

    /** Returns a copy with another selected run (null: the base model). */
    public ExperimentSession withSelectedRunId(String id) {
        return new ExperimentSession(title, createdAt, baseModelName, baseModel, dataset, currentPlan, id, runs);
    }

    /** Returns a copy with another dataset reference. */
    public ExperimentSession withDataset(DatasetRef d) {
        return new ExperimentSession(title, createdAt, baseModelName, baseModel, d, currentPlan, selectedRunId, runs);
    }

    /** Returns a copy with another title. */
    public ExperimentSession withTitle(String t) {
        return new ExperimentSession(t, createdAt, baseModelName, baseModel, dataset, currentPlan, selectedRunId, runs);
    }
}
