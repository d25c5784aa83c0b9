package rankbench.viewmodel;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import rankbench.experiment.lowrank.Scheme;

/**
 * Where a {@link LayerViewModel} gets the singular values of its weight under a scheme: a lookup that never
 * computes, a computation on the calling thread, and a request computed on a worker whose answer arrives on
 * the UI thread (so a scheme change never decomposes a large matrix on the UI thread).
 */
interface LayerSpectra {

    /**
     * The spectra one scheme needs.
     *
     * @param values the matrix view's singular values (under Tucker-2: the mode-0 unfolding's)
     * @param in under Tucker-2 the mode-1 unfolding's singular values, else null
     */
    record Views(double[] values, double[] in) {}

    /** The views of {@code s} if every one is cached, else null; never computes. */
    Views cached(Scheme s);

    /** The views of {@code s}, computed on the calling thread where not cached. */
    Views compute(Scheme s);

    /**
     * Computes the views of {@code s} off the UI thread and hands them to {@code done} on the UI thread (or the
     * error, if the computation failed). A request that went stale (another model was loaded) is never answered.
     */
    void request(Scheme s, BiConsumer<Views, Throwable> done);

    /** The views of {@code s} read from {@code values} (scheme, mode: -1 for a matrix view, 0 or 1 under Tucker-2). */
    static Views views(Scheme s, BiFunction<Scheme, Integer, double[]> values) {
        boolean tucker = s == Scheme.TUCKER2;
        double[] out = values.apply(s, tucker ? 0 : -1);
        double[] in = out == null || !tucker ? null : values.apply(s, 1);
        return out == null || (tucker && in == null) ? null : new Views(out, in);
    }

    /**
     * A source that computes in place, every lookup included: a layer with it behaves as before there were
     * workers (every scheme change synchronous).
     */
    static LayerSpectra inPlace(BiFunction<Scheme, Integer, double[]> values) {
        return new LayerSpectra() {
            @Override
            public Views cached(Scheme s) {
                return views(s, values);
            }

            @Override
            public Views compute(Scheme s) {
                return views(s, values);
            }

            @Override
            public void request(Scheme s, BiConsumer<Views, Throwable> done) {
                Views v;
                try {
                    v = views(s, values);
                } catch (RuntimeException e) {
                    done.accept(null, e);
                    return;
                }
                done.accept(v, null);
            }
        };
    }
}
