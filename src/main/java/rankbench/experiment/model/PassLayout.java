package rankbench.experiment.model;

/**
 * The layouts one network's passes use: its {@link ActivationLayout}, resolved for its layers. Inference
 * is blocked ({@link OneDnnTensors}) only where the layout allows it and the network has no batch norm:
 * networks are folded for inference ({@link BatchNormFolding}), and an unfolded one would convert every
 * batch norm's input to a dense tensor and back, or run libtorch's slower batch norm on oneDNN tensors
 * (both measured slower than {@code NCHW}, docs/PERFORMANCE.md).
 *
 * @param layout the layout asked for
 * @param blockedInference whether inference passes keep activations in oneDNN's blocked layout
 */
record PassLayout(ActivationLayout layout, boolean blockedInference) {

    /** Resolves {@code layout} for the network {@code spec}. */
    static PassLayout of(ActivationLayout layout, LayerSpec spec) {
        return new PassLayout(layout, layout.blocked(false) && !hasBatchNorm(spec));
    }

    /** Returns whether a pass lays out its activations channels-last. */
    boolean channelsLast(boolean training) {
        return layout.channelsLast(training);
    }

    /** Returns whether a pass keeps its activations in oneDNN's blocked layout. */
    boolean blocked(boolean training) {
        return blockedInference && !training;
    }

    private static boolean hasBatchNorm(LayerSpec spec) {
        if (spec instanceof LayerSpec.BatchNorm) {
            return true;
        } else if (spec instanceof LayerSpec.Sequence s) {
            return s.children().stream().anyMatch(PassLayout::hasBatchNorm);
        } else if (spec instanceof LayerSpec.Residual r) {
            return r.body().stream().anyMatch(PassLayout::hasBatchNorm)
                    || (r.shortcut() != null && hasBatchNorm(r.shortcut()));
        }
        return false;
    }
}
