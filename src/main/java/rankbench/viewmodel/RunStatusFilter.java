package rankbench.viewmodel;

import rankbench.experiment.training.RunStatus;

/** Which run statuses the run archive shows. */
public enum RunStatusFilter {
    /** Every run. */
    ANY("any status"),
    /** Completed and cancelled runs (the ones with a result). */
    WITH_RESULT("with a result"),
    /** Completed runs only. */
    COMPLETED("completed"),
    /** Cancelled runs only. */
    CANCELLED("cancelled"),
    /** Diverged runs only. */
    DIVERGED("diverged"),
    /** Failed runs only. */
    FAILED("failed");

    private final String text;

    RunStatusFilter(String text) {
        this.text = text;
    }

    /** Returns true if a run with status {@code s} passes. */
    public boolean test(RunStatus s) {
        return switch (this) {
            case ANY -> true;
            case WITH_RESULT -> s.hasResult();
            case COMPLETED -> s == RunStatus.COMPLETED;
            case CANCELLED -> s == RunStatus.CANCELLED;
            case DIVERGED -> s == RunStatus.DIVERGED;
            case FAILED -> s == RunStatus.FAILED;
        };
    }

    /** Returns the name shown in a chooser. */
    @Override
    public String toString() {
        return text;
    }
}
