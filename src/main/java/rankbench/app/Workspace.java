package rankbench.app;

/**
 * The main window's workspaces: each gives the whole window to one activity. Switching only changes what
 * is on screen; running jobs go on.
 */
enum Workspace {
    /** The layer table, its rank sliders, the spectrum, the summary, fine-tuning and all spectra. */
    COMPRESS(
            "Compress",
            "Shortcut+1",
            "compress",
            "Edit the ranks layer by layer, apply rules, fine-tune the plan on screen"),
    /** A rank-learning method's settings and hyperparameters beside its live charts. */
    RANK_LEARNING(
            "Rank learning",
            "Shortcut+2",
            "rankLearning",
            "Learn the ranks during training with a method (TRP, LC, LRA, ...) and watch it live"),
    /** The session's runs: table, comparison and Pareto charts. */
    RUNS(
            "Runs",
            "Shortcut+3",
            "runs",
            "Every pinned evaluation, fine-tune and rank-learning run of the session; select one to restore it");

    private final String title;
    private final String accelerator;
    private final String id;
    private final String tip;

    Workspace(String title, String accelerator, String id, String tip) {
        this.title = title;
        this.accelerator = accelerator;
        this.id = id;
        this.tip = tip;
    }

    /** The name on the toggle and in the View menu. */
    String title() {
        return title;
    }

    /** The key combination of the View menu item ({@code Shortcut+2}). */
    String accelerator() {
        return accelerator;
    }

    /** The stem of node ids ({@code rankLearningWorkspace}, {@code rankLearningWorkspaceButton}). */
    String id() {
        return id;
    }

    /** What the workspace is for (the toggle's tooltip). */
    String tip() {
        return tip;
    }

    /** The workspace stored under {@code name}, or {@code fallback} if none or unknown. */
    static Workspace parse(String name, Workspace fallback) {
        for (Workspace w : values()) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        return fallback;
    }
}
