package rankbench.experiment.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.training.RunStatus;

/**
 * One run of an experiment and everything it made. Runs are immutable: nothing overwrites a run; a new
 * figure (a test accuracy measured later) makes a new {@code Run} with the same id via the {@code with}
 * methods.
 *
 * @param id unique within its session ({@code run-3})
 * @param kind what produced it
 * @param method the rule or method id ({@code energy}, {@code evbmf}, {@code trp}, {@code fine-tune}, ...)
 * @param label a short human-readable description ({@code "trp, 2.0x fewer MACs"})
 * @param hyperparameters every setting of the run by name, values as text (learning rate, schedule,
 *     epochs, batch, weight decay, the method's own knobs)
 * @param seed the random seed
 * @param data which images it trained and was measured on
 * @param software versions of the software that made it
 * @param status completed, cancelled, diverged or failed
 * @param statusMessage one line saying how it ended (for diverged and failed runs: why)
 * @param startedAt ISO-8601 instant the run started
 * @param wallSeconds wall time
 * @param parentId the run whose model this run started from, or null for the session's base model
 * @param plan the rank plan of the run's model relative to the base model's layers (empty: dense)
 * @param metrics its figures
 * @param events its decimated history
 * @param model the run's final (factorized) model; null only for runs that failed before making one
 */
public record Run(
        String id,
        RunKind kind,
        String method,
        String label,
        Map<String, String> hyperparameters,
        long seed,
        DatasetRef data,
        SoftwareVersions software,
        RunStatus status,
        String statusMessage,
        String startedAt,
        double wallSeconds,
        String parentId,
        RankPlan plan,
        RunMetrics metrics,
        List<RunEvent> events,
        @JsonIgnore SavedModel model) {

    /** Checks required fields and copies the collections. */
    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metrics, "metrics");
        label = label == null ? method : label;
        statusMessage = statusMessage == null ? "" : statusMessage;
        plan = plan == null ? RankPlan.empty() : plan;
        hyperparameters =
                Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters == null ? Map.of() : hyperparameters));
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Returns true if the run's model and figures may be shown as a result (see {@link RunStatus#hasResult()}). */
    @JsonIgnore
    public boolean hasResult() {
        return status.hasResult() && model != null;
    }

    /** Returns a copy with other metrics. */
    public Run withMetrics(RunMetrics m) {
        return new Run(
                id,
                kind,
                method,
                label,
                hyperparameters,
                seed,
                data,
                software,
                status,
                statusMessage,
                startedAt,
                wallSeconds,
                parentId,
                plan,
                m,
                events,
                model);
    }

    /** Returns a copy with another id (when a run joins a session that already uses its id). */
    public Run withId(String newId) {
        return new Run(
                newId,
                kind,
                method,
                label,
                hyperparameters,
                seed,
                data,
                software,
                status,
                statusMessage,
                startedAt,
                wallSeconds,
                parentId,
                plan,
                metrics,
                events,
                model);
    }

    /** Returns a copy with another model (null: none, e.g. to compare everything else). */
    public Run withModel(SavedModel m) {
        return new Run(
                id,
                kind,
                method,
                label,
                hyperparameters,
                seed,
                data,
                software,
                status,
                statusMessage,
                startedAt,
                wallSeconds,
                parentId,
                plan,
                metrics,
                events,
                m);
    }

    /** Returns a copy with another parent id. */
    public Run withParentId(String parent) {
        return new Run(
                id,
                kind,
                method,
                label,
                hyperparameters,
                seed,
                data,
                software,
                status,
                statusMessage,
                startedAt,
                wallSeconds,
                parent,
                plan,
                metrics,
                events,
                model);
    }
}
