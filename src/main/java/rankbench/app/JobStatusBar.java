package rankbench.app;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import rankbench.viewmodel.BackgroundJobs;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * The status bar: the status line on the left, and on the right one chip per running background job
 * ({@link BackgroundJobs}): its name, a progress bar (indeterminate while the progress is unknown), its
 * ETA and a cancel button. At most {@link #SHOWN} chips; the others are counted ("+2 more", with their
 * names in the tooltip). A job gets its chip once it has run for {@link #SHOW_AFTER}: most what-if
 * evaluations and saves end sooner, so no chip flashes, and no indeterminate progress bar animates
 * while they run. That animation redraws the window every frame, which cost a what-if evaluation
 * 40–60 ms of the two cores' time (docs/PERFORMANCE.md).
 */
final class JobStatusBar {

    /** Chips shown at once. */
    static final int SHOWN = 3;

    /** How long a job runs before its chip is shown. */
    static final Duration SHOW_AFTER = Duration.millis(500);

    private final ObservableList<BackgroundJobs.Job> jobs;
    private final Map<BackgroundJobs.Job, Node> chips = new IdentityHashMap<>();
    /** Jobs that have run for {@link #SHOW_AFTER} (and those already running when the bar was made). */
    private final Set<BackgroundJobs.Job> due = Collections.newSetFromMap(new IdentityHashMap<>());

    private final HBox box = new HBox(10);
    private final Label more = new Label();

    private JobStatusBar(ObservableList<BackgroundJobs.Job> jobs) {
        this.jobs = jobs;
        box.setId("jobs");
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setPadding(new Insets(0, 8, 0, 0)); // the last cancel button clear of the window's edge
        more.setId("moreJobs");
        more.getStyleClass().add("muted");
        due.addAll(jobs);
        jobs.addListener((ListChangeListener<BackgroundJobs.Job>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::showLater);
            }
            update();
        });
        update();
    }

    /** The status bar of {@code vm}: its status line and its jobs. */
    static StatusBar create(WorkbenchViewModel vm) {
        StatusBar bar = new StatusBar();
        bar.setId("status");
        bar.textProperty().bind(vm.statusProperty());
        bar.getRightItems().add(new JobStatusBar(vm.jobs().jobs()).box);
        return bar;
    }

    /** Marks {@code job} due after {@link #SHOW_AFTER}, if it is still running then. */
    private void showLater(BackgroundJobs.Job job) {
        PauseTransition wait = new PauseTransition(SHOW_AFTER);
        wait.setOnFinished(e -> {
            if (jobs.contains(job)) {
                due.add(job);
                update();
            }
        });
        wait.play();
    }

    private void update() {
        List<BackgroundJobs.Job> running = List.copyOf(jobs);
        due.retainAll(running);
        chips.keySet().retainAll(due);
        List<BackgroundJobs.Job> listed = running.stream().filter(due::contains).toList();
        List<Node> shown = listed.stream()
                .limit(SHOWN)
                .map(j -> chips.computeIfAbsent(j, JobStatusBar::chip))
                .collect(Collectors.toList());
        int hidden = listed.size() - shown.size();
        if (hidden > 0) {
            more.setText("+" + hidden + " more");
            more.setTooltip(new Tooltip(
                    listed.stream().skip(SHOWN).map(BackgroundJobs.Job::name).collect(Collectors.joining("\n"))));
            shown.add(more);
        }
        if (!box.getChildren().equals(shown)) {
            box.getChildren().setAll(shown);
        }
    }

    /** A job's chip: name, progress, detail, cancel. */
    static Node chip(BackgroundJobs.Job job) {
        Label name = new Label();
        name.getStyleClass().add("job-name");
        name.textProperty()
                .bind(Bindings.when(job.cancellingProperty())
                        .then(job.name() + " (cancelling\u2026)")
                        .otherwise(job.name()));
        ProgressBar progress = new ProgressBar();
        progress.getStyleClass().add("job-progress");
        progress.setPrefWidth(90);
        progress.progressProperty().bind(job.progressProperty());
        Label detail = new Label();
        detail.getStyleClass().addAll("job-detail", "muted");
        detail.textProperty().bind(job.detailProperty());
        detail.managedProperty().bind(detail.textProperty().isNotEmpty());
        Button cancel = new Button("\u2715");
        cancel.getStyleClass().add("job-cancel");
        cancel.setFocusTraversable(false);
        cancel.setTooltip(new Tooltip("Cancel: " + job.name()));
        cancel.setOnAction(e -> job.cancelCommand().execute());
        cancel.disableProperty().bind(job.cancelCommand().executableProperty().not());
        HBox chip = new HBox(5, name, progress, detail, cancel);
        chip.getStyleClass().add("job");
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.setUserData(job);
        return chip;
    }
}
