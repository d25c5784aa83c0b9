package rankbench.experiment.model;

import java.util.List;

/** Small models for tests. */
public final class TestModels {

    private TestModels() {}

    /** A manifest for a built-in architecture on 1x28x28 inputs with 10 classes. */
    public static ModelManifest manifest(Architecture arch) {
        FeatureShape in = new FeatureShape(1, 28, 28);
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                arch.id(),
                in,
                classes,
                new float[] {0.286f},
                new float[] {0.353f},
                arch.build(in, 10),
                null,
                null);
    }

    /** A saved model with seeded random weights (needs the engine). */
    public static SavedModel random(Architecture arch, long seed) {
        ModelManifest m = manifest(arch);
        try (Network net = Network.create(m.network(), m.input(), seed)) {
            return SavedModel.of(net, m);
        }
    }
}
