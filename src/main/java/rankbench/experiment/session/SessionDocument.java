package rankbench.experiment.session;

import java.util.List;
import java.util.Map;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.ModelManifest;

/**
 * The JSON description of a session file ({@code session.json}) as written and read; docs/SESSION_FORMAT.md
 * describes every field. Every key is written, null or not, and every key must be present when read.
 * Weights are not here: each model names its blob ({@code weights/<sha256>.safetensors}).
 *
 * @param format always {@link SessionFiles#FORMAT_NAME}
 * @param formatVersion {@link SessionFiles#FORMAT_VERSION} when written
 */
record SessionDocument(
        String format,
        int formatVersion,
        String title,
        String createdAt,
        BaseModel baseModel,
        DatasetRef dataset,
        RankPlan currentPlan,
        String selectedRunId,
        List<RunEntry> runs) {

    /** The base model: where it came from, its manifest and its weights blob. */
    record BaseModel(String name, ModelManifest manifest, String weights) {}

    /** A run's model: its manifest and weights blob. */
    record Model(ModelManifest manifest, String weights) {}

    /** One run; the fields of {@link Run}, kind and status as their ids, and the model by reference. */
    record RunEntry(
            String id,
            String kind,
            String method,
            String label,
            Map<String, String> hyperparameters,
            long seed,
            DatasetRef data,
            SoftwareVersions software,
            String status,
            String statusMessage,
            String startedAt,
            double wallSeconds,
            String parentId,
            RankPlan plan,
            RunMetrics metrics,
            List<RunEvent> events,
            Model model) {}
}
