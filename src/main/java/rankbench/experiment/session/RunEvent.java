package rankbench.experiment.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a run's (decimated) history.
 *
 * @param kind {@code batch} (training loss/accuracy), {@code epoch} (validation figures), {@code ranks}
 *     (per-layer ranks, params and MACs at the current ranks) or {@code phase} (a phase began or ended)
 * @param step optimizer step
 * @param epoch epoch index (0-based), or -1 if not applicable
 * @param values named figures ({@code loss}, {@code trainAccuracy}, {@code validationAccuracy},
 *     {@code params}, {@code macs}, {@code learningRate}); never NaN (unknown values are left out)
 * @param ranks per-layer ranks for {@code ranks} events (one entry, or two for Tucker-2), else null
 * @param note free text for {@code phase} events, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(
        String kind, long step, int epoch, Map<String, Double> values, Map<String, List<Integer>> ranks, String note) {

    /** Copies the maps. */
    public RunEvent {
        values = values == null ? Map.of() : Map.copyOf(values);
        ranks = ranks == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(ranks));
    }
}
