package rankbench.experiment.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import java.util.Map;

/** The registry of rank-learning methods: the one place that maps an id to its implementation. */
public final class Methods {

    private static final Map<String, RankLearningMethod<?>> ALL;

    static {
        Map<String, RankLearningMethod<?>> m = new LinkedHashMap<>();
        for (RankLearningMethod<?> method : new RankLearningMethod<?>[] {
            new TrpMethod(), new LcMethod(), new LraMethod(), new SvdTrainMethod(), new OrthEvbmfMethod()}) {
            m.put(method.id(), method);
        }
        ALL = Collections.unmodifiableMap(m);
    }

    private Methods() {}

    /** Returns every method by id, in a fixed order. */
    public static Map<String, RankLearningMethod<?>> all() {
        return ALL;
    }

    /** Returns the method with this id, with an error listing the known ones. */
    public static RankLearningMethod<?> get(String id) {
        RankLearningMethod<?> m = ALL.get(id.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new IllegalArgumentException("Unknown method '" + id + "'; known: " + ALL.keySet());
        }
        return m;
    }

    /** Runs a method with a bean of its hyperparameter type (checked and validated), for callers holding a wildcard. */
    public static <H> MethodResult run(RankLearningMethod<H> method, MethodRun run, Object parameters) {
        H p = method.parametersType().cast(parameters);
        validate(p);
        return method.run(run, p);
    }

    /**
     * Checks a hyperparameter bean of any registered method before a run, using the methods' own checks
     * (the TRP and LRA hooks, scheme and cost parsing) and the ones done at the start of a run.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public static void validate(Object p) {
        if (p instanceof TrpParams t) {
            new TrpMethod.Hooks(t, List.of());
            reduction(t.getReduction());
        } else if (p instanceof LraParams l) {
            new LraMethod.Hooks(RankPlan.empty(), l.getPeriod(), l.getTiles());
            Scheme.fromId(l.getScheme());
            switch (l.getRankRule().trim().toLowerCase(Locale.ROOT)) {
                case "budget" -> require(l.getReduction() >= 1, "reduction must be >= 1, got " + l.getReduction());
                case "ratio" -> require(l.getRatio() > 0 && l.getRatio() <= 1, "ratio must be in (0, 1]");
                case "energy" -> require(l.getEnergyKeep() > 0 && l.getEnergyKeep() <= 1,
                        "energyKeep must be in (0, 1]");
                case "evbmf" -> require(l.getEvbmfMultiplier() > 0, "evbmfMultiplier must be > 0");
                default -> throw new IllegalArgumentException("rankRule must be budget, ratio, energy or evbmf, got "
                        + l.getRankRule());
            }
        } else if (p instanceof LcParams c) {
            require(c.getSteps() >= 1 && c.getMu0() > 0 && c.getMuGrowth() >= 1 && c.getEpochsPerStep() >= 1,
                    "LC needs steps >= 1, mu0 > 0, muGrowth >= 1, epochsPerStep >= 1");
            require(Scheme.fromId(c.getScheme()).isMatrix(), "LC needs a matrix scheme, not " + c.getScheme());
            CostKind.parse(c.getCost());
            require(c.getAlpha() >= 0, "alpha must be >= 0");
            require(c.getStepLearningRate() > 0, "stepLearningRate must be > 0");
            reduction(c.getReduction());
        } else if (p instanceof SvdTrainParams s) {
            require(s.getOrthWeight() >= 0 && s.getSparsityWeight() >= 0, "weights must be >= 0");
            require(s.getEnergyEps() >= 0 && s.getEnergyEps() < 1, "energyEps must be in [0, 1)");
            require(s.getAbsThreshold() >= 0, "absThreshold must be >= 0");
            require(s.getWarmupEpochs() >= 0 && s.getFinalEpochs() >= 0, "epochs must be >= 0");
            reduction(s.getReduction());
        } else if (p instanceof OrthEvbmfParams o) {
            require(o.getExpansion() >= 1, "expansion must be >= 1, got " + o.getExpansion());
            require(o.getMinRank() >= 1, "minimum rank must be >= 1, got " + o.getMinRank());
            require(o.getEvbmfMultiplier() > 0, "EVBMF multiplier must be > 0, got " + o.getEvbmfMultiplier());
            require(o.getOrthWeight() >= 0, "orthWeight must be >= 0");
            reduction(o.getReduction());
        }
    }

    /** Returns why a hyperparameter bean cannot run, or "" if it can. */
    public static String validationMessage(Object p) {
        try {
            validate(p);
            return "";
        } catch (IllegalArgumentException | NullPointerException e) {
            return e.getMessage() == null ? "invalid hyperparameters" : e.getMessage();
        }
    }

    private static void reduction(double r) {
        require(r == 0 || r >= 1, "reduction must be 0 (off) or >= 1, got " + r);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

}
