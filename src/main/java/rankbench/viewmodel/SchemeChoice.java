package rankbench.viewmodel;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.experiment.lowrank.Scheme;

/**
 * How one {@link LayerViewModel} gets the spectra of a scheme from its {@link LayerSpectra}: a scheme chosen
 * whose values are cached is applied at once; otherwise they are requested from the worker, the scheme
 * waits as {@link #pendingProperty()} and is applied when they arrive, unless it was chosen again or the
 * choice was {@link #drop() dropped} meanwhile (a plan was applied). A failed computation keeps the scheme
 * in use and is logged. UI thread only (the worker's answer arrives on it).
 */
final class SchemeChoice {

    // logged under the layer's name, where the choice is made
    private static final Logger LOG = LoggerFactory.getLogger(LayerViewModel.class);

    private final LayerSpectra spectra;
    private final String layer;
    private final List<Scheme> schemes;
    private final Supplier<Scheme> current;
    private final BiConsumer<Scheme, LayerSpectra.Views> change;
    private final ReadOnlyObjectWrapper<Scheme> pending;
    private long ticket;

    /**
     * Creates the choice of one layer.
     *
     * @param bean the layer the pending scheme belongs to
     * @param layer the layer's name, for the log
     * @param schemes the schemes the layer may use
     * @param current the scheme in use
     * @param change applies a chosen scheme with its values
     */
    SchemeChoice(
            Object bean,
            LayerSpectra spectra,
            String layer,
            List<Scheme> schemes,
            Supplier<Scheme> current,
            BiConsumer<Scheme, LayerSpectra.Views> change) {
        this.spectra = spectra;
        this.layer = layer;
        this.schemes = schemes;
        this.current = current;
        this.change = change;
        this.pending = new ReadOnlyObjectWrapper<>(bean, "pendingScheme");
    }

    /**
     * A scheme chosen from outside: applied now if its values are cached, else once the worker has computed
     * them (the layer keeps its scheme and ranks meanwhile). A scheme the layer cannot use is refused; the
     * scheme in use drops a pending choice.
     */
    void choose(Scheme s) {
        if (s == null || !schemes.contains(s)) {
            return;
        }
        long mine = ++ticket;
        if (s == current.get()) {
            pending.set(null);
            return;
        }
        LayerSpectra.Views cached = spectra.cached(s);
        if (cached != null) {
            change.accept(s, cached);
            pending.set(null); // after the change: a view that resyncs on null finds the new scheme
            return;
        }
        pending.set(s);
        spectra.request(s, (views, err) -> {
            if (mine != ticket) {
                return; // chosen again, or a plan was applied meanwhile
            }
            if (err != null) {
                pending.set(null);
                LOG.error(
                        "could not compute the singular values of {} under {}; kept {}",
                        layer,
                        s.id(),
                        current.get().id(),
                        err);
                return;
            }
            change.accept(s, views);
            pending.set(null);
        });
    }

    /** Drops a pending choice: its answer, when it comes, is ignored. */
    void drop() {
        ticket++;
        pending.set(null);
    }

    /** True if the values of {@code s} need no computation: it is in use or its values are cached. */
    boolean ready(Scheme s) {
        return s == current.get() || spectra.cached(s) != null;
    }

    /** Computes the values of {@code s} off the UI thread; {@code done} runs on the UI thread. */
    void prepare(Scheme s, BiConsumer<LayerSpectra.Views, Throwable> done) {
        spectra.request(s, done);
    }

    /** The values of {@code s}: cached, or computed here on the calling thread. */
    LayerSpectra.Views views(Scheme s) {
        LayerSpectra.Views cached = spectra.cached(s);
        return cached != null ? cached : spectra.compute(s);
    }

    /** The scheme chosen but waiting for its values (null: none). */
    ReadOnlyObjectProperty<Scheme> pendingProperty() {
        return pending.getReadOnlyProperty();
    }
}
