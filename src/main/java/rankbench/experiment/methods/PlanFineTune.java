package rankbench.experiment.methods;

import java.util.LinkedHashMap;
import java.util.Map;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.training.RunStatus;

/**
 * A one-shot rank plan (a rule's or hand-picked) followed by fine-tuning: the baseline every
 * rank-learning method has to beat at the same epoch budget. The base model is factorized at the plan
 * (truncated SVD / HOSVD of its weights), evaluated compress-only, fine-tuned for
 * {@link MethodRun#fineTune()} and measured like a method's result, so that both land in the same
 * {@link MethodResult} and the same comparison.
 */
public final class PlanFineTune {

    private PlanFineTune() {}

    /**
     * Factorizes the run's model at {@code plan} and fine-tunes it.
     *
     * @param rule the rule that chose the plan ({@code evbmf}, {@code lc}, {@code sensitivity}, {@code energy},
     *     {@code ranks} ...), the result's method name
     * @param run the model, data and fine-tune configuration ({@code run.fineTune()} must not be null)
     * @param plan the resolved rank plan of the run's model
     * @param settings the rule's settings, recorded with the result
     * @return the result; its learning phase took no time, its status is the fine-tune's
     */
    public static MethodResult run(String rule, MethodRun run, RankPlan plan, Map<String, String> settings) {
        if (run.fineTune() == null) {
            throw new IllegalArgumentException("a plan fine-tune needs a fine-tune configuration");
        }
        long t0 = System.nanoTime();
        return MethodSupport.finish(
                rule,
                run,
                run.model(),
                plan,
                new LinkedHashMap<>(settings),
                t0,
                0,
                rule + " plan, ranks " + TrpMethod.ranks(plan) + ", fine-tuned "
                        + run.fineTune().epochs() + (run.fineTune().epochs() == 1 ? " epoch" : " epochs"),
                RunStatus.COMPLETED,
                null);
    }
}
