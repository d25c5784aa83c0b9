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

    /** Runs a method with a bean of its hyperparameter type (checked), for callers holding a wildcard. */
    public static <H> MethodResult run(RankLearningMethod<H> method, MethodRun run, Object parameters) {
        return method.run(run, method.parametersType().cast(parameters));
    }
}
