package rankbench.viewmodel;

import java.util.List;

/** Where the class names of an imported state dict come from (a state dict stores none). */
public enum ClassNamePreset {
    /** The ten Fashion-MNIST classes, in label order. */
    FASHION_MNIST(
            "Fashion-MNIST",
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot")),
    /** The ten CIFAR-10 classes, in label order. */
    CIFAR10(
            "CIFAR-10",
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")),
    /** The labels themselves: "0", "1", ..., one per classifier output. */
    NUMBERED("0..N-1", List.of()),
    /** Names typed by the user, comma-separated. */
    CUSTOM("Custom (comma-separated)", List.of());

    private final String label;
    private final List<String> names;

    ClassNamePreset(String label, List<String> names) {
        this.label = label;
        this.names = names;
    }

    /** The fixed names of a dataset preset; empty for {@link #NUMBERED} and {@link #CUSTOM}. */
    public List<String> names() {
        return names;
    }

    @Override
    public String toString() {
        return label;
    }
}
