package rankbench.experiment.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The registry of rank-learning methods: the one place that maps an id to its implementation. */
public final class Methods {

    private static final Map<String, RankLearningMethod<?>> ALL;

    static {
        Map<String, RankLearningMethod<?>> m = new LinkedHashMap<>();
        for (RankLearningMethod<?> method : new RankLearningMethod<?>[] {
            new TrpMethod(), new LcMethod(), new LraMethod(), new SvdTrainMethod(), new OrthEvbmfMethod()
        }) {
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

    /** Returns the method whose hyperparameter bean {@code p} is. */
    public static RankLearningMethod<?> forParameters(Object p) {
        if (p == null) {
            throw new IllegalArgumentException("no hyperparameters");
        }
        for (RankLearningMethod<?> m : ALL.values()) {
            if (m.parametersType().isInstance(p)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not the hyperparameters of a registered method: "
                + p.getClass().getSimpleName());
    }

    /**
     * Runs a method with a bean of its hyperparameter type, validated for the run's epochs first, for
     * callers holding a wildcard.
     */
    public static <H> MethodResult run(RankLearningMethod<H> method, MethodRun run, Object parameters) {
        H p = method.parametersType().cast(parameters);
        method.validate(p, run.training().epochs());
        return method.run(run, p);
    }

    /**
     * Checks a hyperparameter bean of any registered method for a run of one epoch.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public static void validate(Object p) {
        validate(p, 1);
    }

    /**
     * Checks a hyperparameter bean of any registered method for a run of {@code epochs} epochs, with the
     * method's own {@link RankLearningMethod#validate} (also called before every run).
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public static void validate(Object p, int epochs) {
        check(forParameters(p), p, epochs);
    }

    private static <H> void check(RankLearningMethod<H> m, Object p, int epochs) {
        m.validate(m.parametersType().cast(p), epochs);
    }

    /** Returns why a hyperparameter bean cannot run one epoch, or "" if it can. */
    public static String validationMessage(Object p) {
        return validationMessage(p, 1);
    }

    /** Returns why a hyperparameter bean cannot run {@code epochs} epochs, or "" if it can. */
    public static String validationMessage(Object p, int epochs) {
        try {
            validate(p, epochs);
            return "";
        } catch (IllegalArgumentException | NullPointerException e) {
            return e.getMessage() == null ? "invalid hyperparameters" : e.getMessage();
        }
    }
}
