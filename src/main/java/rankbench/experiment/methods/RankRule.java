package rankbench.experiment.methods;

import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.model.SavedModel;

/**
 * A one-shot rank rule: fills a rank plan from a model's current weights. Layers the rule does not
 * target are left out of the plan (they stay dense).
 */
public interface RankRule {

    /** Returns the rule's identifier ({@code evbmf}, {@code lc}, {@code sensitivity}). */
    String id();

    /** Returns a plan for {@code model}, resolved against its layers. */
    RankPlan select(SavedModel model);
}
