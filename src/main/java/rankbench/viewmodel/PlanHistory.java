package rankbench.viewmodel;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import rankbench.experiment.lowrank.RankPlan;

/**
 * The undo and redo history of the plan editor: the settled plan on screen and the plans an undo or redo
 * restores (a settled plan that differs from the previous one is one step), with whether either is possible.
 *
 * <p>Threading: UI thread only.
 */
final class PlanHistory {

    private final ReadOnlyBooleanWrapper canUndo;
    private final ReadOnlyBooleanWrapper canRedo;
    private final Deque<RankPlan> undo = new ArrayDeque<>();
    private final Deque<RankPlan> redo = new ArrayDeque<>();
    private RankPlan settled = RankPlan.empty();

    /** An empty history whose properties belong to {@code bean}. */
    PlanHistory(Object bean) {
        canUndo = new ReadOnlyBooleanWrapper(bean, "canUndo");
        canRedo = new ReadOnlyBooleanWrapper(bean, "canRedo");
    }

    /** Forgets every step: {@code plan} is the settled plan of a new model. */
    void reset(RankPlan plan) {
        undo.clear();
        redo.clear();
        settled = plan;
        update();
    }

    /** Records {@code plan} as settled; if it differs from the settled plan, that one becomes an undo step. */
    void settle(RankPlan plan) {
        if (!plan.equals(settled)) {
            undo.push(settled);
            redo.clear();
            settled = plan;
            update();
        }
    }

    /** The plan an undo ({@code back}) or a redo would restore, or null if there is none. */
    RankPlan next(boolean back) {
        return (back ? undo : redo).peek();
    }

    /**
     * Undoes ({@code back}) or redoes one step (there must be one): the plan it restores becomes the settled
     * plan, which it returns, and the settled plan a step the other way.
     */
    RankPlan step(boolean back) {
        (back ? redo : undo).push(settled);
        settled = (back ? undo : redo).pop();
        update();
        return settled;
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    /** True if there is a step to undo. */
    ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    /** True if there is a step to redo. */
    ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }
}
