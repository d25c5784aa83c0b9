package rankbench.viewmodel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.NameMap;
import rankbench.experiment.model.SafetensorsImport;
import rankbench.experiment.model.SafetensorsImport.Probe;
import rankbench.experiment.model.SafetensorsImport.Question;

/**
 * The questions of a safetensors import in one form: architecture, input shape (C×H×W), class names
 * and input normalization, and an optional name map, pre-filled with what the file reveals
 * ({@link SafetensorsImport#probe}). Every edit is validated here: {@link #validProperty()} is false
 * and {@link #messageProperty()} says why while the answers cannot be read; {@link #answers()} returns
 * them once valid.
 *
 * <p>Choosing a name map probes the file again in the background (through the {@code prober}), so the
 * architecture guess, channels and class count follow the renamed tensors.
 */
public final class SafetensorsImportViewModel {

    private static final int MAX_SIDE = 4096;
    private static final int MAX_CHANNELS = 64;

    private final TaskExecutor tasks;
    private final UiExecutor ui;
    private final BiFunction<Path, NameMap, Probe> prober;
    private Probe probe;

    private final ObjectProperty<Architecture> architecture = new SimpleObjectProperty<>(this, "architecture");
    private final StringProperty channels = new SimpleStringProperty(this, "channels", "");
    private final StringProperty height = new SimpleStringProperty(this, "height", "");
    private final StringProperty width = new SimpleStringProperty(this, "width", "");
    private final ObjectProperty<ClassNamePreset> classPreset =
            new SimpleObjectProperty<>(this, "classPreset", ClassNamePreset.NUMBERED);
    private final StringProperty classNames = new SimpleStringProperty(this, "classNames", "");
    private final ObjectProperty<NormalizationPreset> normalizationPreset =
            new SimpleObjectProperty<>(this, "normalizationPreset", NormalizationPreset.NONE);
    private final StringProperty mean = new SimpleStringProperty(this, "mean", "");
    private final StringProperty std = new SimpleStringProperty(this, "std", "");
    private final ObjectProperty<Path> nameMap = new SimpleObjectProperty<>(this, "nameMap");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", false);
    private final ReadOnlyBooleanWrapper probing = new ReadOnlyBooleanWrapper(this, "probing", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper revealed = new ReadOnlyStringWrapper(this, "revealed", "");
    private String probeError;

    /**
     * Creates the form for a probed file.
     *
     * @param probe what the file reveals without a name map
     * @param tasks runs the probe again when a name map is chosen
     * @param ui the UI thread
     * @param prober probes the file with a name map ({@link SafetensorsImport#probe} in the application)
     */
    public SafetensorsImportViewModel(
            Probe probe, TaskExecutor tasks, UiExecutor ui, BiFunction<Path, NameMap, Probe> prober) {
        this.probe = probe;
        this.tasks = tasks;
        this.ui = ui;
        this.prober = prober;
        prefill(true);
        Observable[] inputs = {
            architecture, channels, height, width, classPreset, classNames, normalizationPreset, mean, std, nameMap
        };
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        classPreset.addListener(x -> showPresetClasses());
        normalizationPreset.addListener(x -> showPresetNormalization());
        channels.addListener(x -> showPresetNormalization());
        nameMap.addListener((o, a, b) -> reprobe(b));
        validate();
    }

    /** The file being imported. */
    public Path file() {
        return probe.file();
    }

    /** What must be asked because the file does not tell it (for the current name map). */
    public Set<Question> questions() {
        return probe.questions();
    }

    /** True if {@code q} could not be inferred from the file. */
    public boolean asks(Question q) {
        return probe.questions().contains(q);
    }

    private void prefill(boolean all) {
        if (probe.architecture() != null || all) {
            architecture.set(probe.architecture());
        }
        Integer c = probe.inputChannels();
        if (c != null) {
            channels.set(Integer.toString(c));
        }
        if (probe.inputSize() != null) {
            height.set(Integer.toString(probe.inputSize().height()));
            width.set(Integer.toString(probe.inputSize().width()));
        } else if (all) {
            int side = c != null && c == 3 ? 32 : 28;
            height.set(Integer.toString(side));
            width.set(Integer.toString(side));
        }
        if (all) {
            boolean ten = probe.classes() != null && probe.classes() == 10;
            if (ten && c != null && c == 1) {
                classPreset.set(ClassNamePreset.FASHION_MNIST);
                normalizationPreset.set(NormalizationPreset.FASHION_MNIST);
            } else if (ten && c != null && c == 3) {
                classPreset.set(ClassNamePreset.CIFAR10);
                normalizationPreset.set(NormalizationPreset.CIFAR10);
            }
            showPresetNormalization();
        }
        showPresetClasses();
        revealed.set(describe(probe));
    }

    private static String describe(Probe p) {
        if (p.architecture() == null) {
            return String.format(
                    Locale.ROOT,
                    "%d tensors whose names match no built-in architecture",
                    p.tensors().size());
        }
        StringBuilder b = new StringBuilder("Names of ").append(p.architecture().id());
        if (p.inputChannels() != null) {
            b.append(", ")
                    .append(p.inputChannels())
                    .append(p.inputChannels() == 1 ? " input channel" : " input channels");
        }
        if (p.classes() != null) {
            b.append(", ").append(p.classes()).append(" classes");
        }
        if (p.inputSize() != null) {
            b.append(", input ").append(p.inputSize()).append(" (the only size the weights fit)");
        }
        return b.toString();
    }

    /** Shows a preset's names in the (then read-only) text, so switching to custom names starts from them. */
    private void showPresetClasses() {
        ClassNamePreset p = classPreset.get();
        if (p == null || p == ClassNamePreset.CUSTOM) {
            return;
        }
        if (p == ClassNamePreset.NUMBERED) {
            Integer n = architecture.get() == probe.architecture() ? probe.classes() : null;
            classNames.set(
                    n == null
                            ? ""
                            : String.join(
                                    ", ",
                                    IntStream.range(0, n)
                                            .mapToObj(Integer::toString)
                                            .toList()));
        } else {
            classNames.set(String.join(", ", p.names()));
        }
    }

    private void showPresetNormalization() {
        NormalizationPreset p = normalizationPreset.get();
        if (p == null || p == NormalizationPreset.CUSTOM) {
            return;
        }
        Integer c = parse(channels.get());
        int n = c != null && c >= 1 && c <= MAX_CHANNELS ? c : Math.max(1, p.channels());
        float[] m = p.mean(n);
        float[] s = p.std(n);
        mean.set(m == null ? "" : text(m));
        std.set(s == null ? "" : text(s));
    }

    private void reprobe(Path map) {
        probing.set(true);
        probeError = null;
        validate();
        tasks.submit(
                        "Probe " + probe.file().getFileName(),
                        () -> prober.apply(probe.file(), map == null ? NameMap.NONE : NameMap.read(map)))
                .whenComplete((p, err) -> ui.execute(() -> {
                    if (map != nameMap.get()) {
                        return; // a newer choice is being probed
                    }
                    probing.set(false);
                    if (err != null) {
                        probeError = WorkbenchViewModel.message(err);
                    } else {
                        probe = p;
                        prefill(false);
                    }
                    validate();
                }));
    }

    // ---------------------------------------------------------------- validation

    private void validate() {
        String problem = problem();
        message.set(problem == null ? "" : problem);
        valid.set(problem == null);
    }

    /** The first reason the answers cannot be used, or null. */
    private String problem() {
        if (probing.get()) {
            return "Reading the tensor names with the name map\u2026";
        }
        if (probeError != null) {
            return "Name map: " + probeError;
        }
        Path map = nameMap.get();
        if (map != null && !Files.isRegularFile(map)) {
            return "Name map not found: " + map;
        }
        Architecture arch = architecture.get();
        if (arch == null) {
            return "Choose the architecture whose tensor names the file follows (a name map renames other schemes).";
        }
        Integer c = parse(channels.get());
        Integer h = parse(height.get());
        Integer w = parse(width.get());
        if (c == null
                || h == null
                || w == null
                || c < 1
                || h < 1
                || w < 1
                || c > MAX_CHANNELS
                || h > MAX_SIDE
                || w > MAX_SIDE) {
            return "Input shape: channels (1\u2013" + MAX_CHANNELS + "), height and width (1\u2013" + MAX_SIDE
                    + ") must be whole numbers.";
        }
        FeatureShape in = new FeatureShape(c, h, w);
        boolean sameArch = arch == probe.architecture();
        if (sameArch
                && probe.inputChannels() != null
                && c != probe.inputChannels().intValue()) {
            return "Input shape: the first convolution of the file takes " + probe.inputChannels() + " channel"
                    + (probe.inputChannels() == 1 ? "" : "s") + ", not " + c + ".";
        }
        if (sameArch && probe.inputSize() != null && !in.equals(probe.inputSize())) {
            return "Input shape: the weights of this " + arch.id() + " fit only " + probe.inputSize() + ".";
        }
        Integer classes = sameArch ? probe.classes() : null;
        try {
            arch.build(in, classes != null && classes >= 2 ? classes : 10);
        } catch (IllegalArgumentException e) {
            return "Input shape: " + in + " does not fit " + arch.id() + " (" + e.getMessage() + ").";
        }
        String names = ImportFormChecks.classProblem(classPreset.get(), classNameList(), classes);
        if (names != null) {
            return names;
        }
        return ImportFormChecks.normalizationProblem(normalizationPreset.get(), c, mean.get(), std.get());
    }

    private List<String> classNameList() {
        return ImportFormChecks.classNames(classPreset.get(), classNames.get());
    }

    private static Integer parse(String text) {
        return ImportFormChecks.parse(text);
    }

    private static float[] floats(String text) {
        return ImportFormChecks.floats(text);
    }

    private static String text(float[] v) {
        return ImportFormChecks.text(v);
    }

    /**
     * The answers, for {@link SafetensorsImport#read}.
     *
     * @throws IllegalStateException while the form is not valid
     */
    public ImportAnswers answers() {
        if (!valid.get()) {
            throw new IllegalStateException(message.get());
        }
        FeatureShape in = new FeatureShape(parse(channels.get()), parse(height.get()), parse(width.get()));
        return new ImportAnswers(
                architecture.get(), in, classNameList(), floats(mean.get()), floats(std.get()), nameMap.get());
    }

    // ---------------------------------------------------------------- properties

    /** The architecture whose names the file follows (pre-selected with the probe's match). */
    public ObjectProperty<Architecture> architectureProperty() {
        return architecture;
    }

    /** Input channels, as typed. */
    public StringProperty channelsProperty() {
        return channels;
    }

    /** Input height, as typed. */
    public StringProperty heightProperty() {
        return height;
    }

    /** Input width, as typed. */
    public StringProperty widthProperty() {
        return width;
    }

    /** Where the class names come from. */
    public ObjectProperty<ClassNamePreset> classPresetProperty() {
        return classPreset;
    }

    /** Comma-separated class names (used with {@link ClassNamePreset#CUSTOM}). */
    public StringProperty classNamesProperty() {
        return classNames;
    }

    /** The normalization preset; a dataset preset fills {@link #meanProperty()} and {@link #stdProperty()}. */
    public ObjectProperty<NormalizationPreset> normalizationPresetProperty() {
        return normalizationPreset;
    }

    /** Comma-separated per-channel mean (editable with {@link NormalizationPreset#CUSTOM}). */
    public StringProperty meanProperty() {
        return mean;
    }

    /** Comma-separated per-channel standard deviation (editable with {@link NormalizationPreset#CUSTOM}). */
    public StringProperty stdProperty() {
        return std;
    }

    /** A JSON name map for foreign tensor names, or null. */
    public ObjectProperty<Path> nameMapProperty() {
        return nameMap;
    }

    /** True when the answers can be used (OK is enabled). */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** True while the file is probed again with a new name map. */
    public ReadOnlyBooleanProperty probingProperty() {
        return probing.getReadOnlyProperty();
    }

    /** Why the answers cannot be used yet (empty when valid). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the file reveals by itself, one line. */
    public ReadOnlyStringProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }
}
