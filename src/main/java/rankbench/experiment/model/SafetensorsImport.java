package rankbench.experiment.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Imports a PyTorch state dict ({@code .safetensors}) as a RankBench model: the domain entry point for
 * the command line ({@code rankbench import}) and the window.
 *
 * <p>Names must follow a built-in architecture's PyTorch naming, which is that of the usual PyTorch
 * code: CIFAR ResNet-20/32/56 as in akamaster/pytorch_resnet_cifar10 ({@code conv1}, {@code bn1},
 * {@code layer1.0.conv1}, {@code linear}), ResNet-18 as in torchvision ({@code layer2.0.downsample.0},
 * {@code fc}; {@code resnet18} with the 3x3 small-image stem, {@code resnet18-imagenet} with
 * torchvision's 7x7 stem and max pool), VGG-16-BN with torchvision's {@code features.N} indices and one
 * linear {@code classifier} (the CIFAR variant), LeNet-5 as {@code conv1, conv2, fc1, fc2, fc3}.
 * Other schemes go through a {@link NameMap}. {@code num_batches_tracked} buffers are ignored.
 *
 * <p>What a file cannot tell is listed by {@link #probe}: a caller (the window's open dialog) asks
 * the user for each {@link Question} and then calls {@link #read}.
 */
public final class SafetensorsImport {

    private static final int MAX_LISTED = 8;
    private static final int[] PROBE_SIZES = {28, 32, 24, 16, 64, 96, 224};

    private SafetensorsImport() {}

    /** What must be asked when the file does not say it. */
    public enum Question {
        /** The architecture: no built-in architecture has exactly the file's tensor names. */
        ARCHITECTURE,
        /** Input height and width (channels come from the first conv): pooled networks accept many sizes. */
        INPUT_SIZE,
        /** Class names, in label order (the count is the classifier's output size). */
        CLASS_NAMES,
        /** Per-channel mean and standard deviation of the input normalization. */
        NORMALIZATION
    }

    /**
     * What a file reveals by itself.
     *
     * @param file the weights file
     * @param tensors tensor names (after the name map, batch counters dropped) and their shapes
     * @param architecture the built-in architecture whose names match exactly, or null
     * @param inputChannels input channels read from the first conv's weight, or null
     * @param inputSize the input shape if only one common size fits the weights (LeNet-5), or null
     * @param classes the classifier's output count, or null
     * @param questions what a caller must ask before {@link #read} (class names and normalization
     *     always: a state dict stores neither)
     */
    public record Probe(
            Path file,
            Map<String, int[]> tensors,
            Architecture architecture,
            Integer inputChannels,
            FeatureShape inputSize,
            Integer classes,
            Set<Question> questions) {}

    /** A state dict that does not fit the architecture; {@link #problems()} lists every mismatch. */
    public static final class MismatchException extends ModelFileException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        MismatchException(String message, List<String> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        /** Returns each missing, unexpected or mis-shaped tensor, one line each, naming both shapes. */
        public List<String> problems() {
            return problems;
        }
    }

    /** Reads the tensors of {@code file} under their mapped names (batch counters and dropped names removed). */
    public static LinkedHashMap<String, Tensor> tensors(Path file, NameMap nameMap) {
        LinkedHashMap<String, Tensor> raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = SafeTensors.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ModelFileException("Weights file not found: " + file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        raw.forEach((name, t) -> {
            if (name.endsWith("num_batches_tracked")) {
                return;
            }
            String to = nameMap.apply(name);
            if (to == null) {
                return;
            }
            String before = origin.put(to, name);
            if (before != null) {
                throw new ModelFileException(
                        file + ": tensors '" + before + "' and '" + name + "' both map to '" + to + "'");
            }
            out.put(to, t);
        });
        return out;
    }

    /** Finds what the file reveals: a matching architecture, input channels, class count, maybe the input size. */
    public static Probe probe(Path file, NameMap nameMap) {
        LinkedHashMap<String, Tensor> t = tensors(file, nameMap);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        t.forEach((k, v) -> shapes.put(k, v.shape()));
        Architecture arch = matchingArchitecture(shapes);
        Set<Question> questions = EnumSet.of(Question.CLASS_NAMES, Question.NORMALIZATION);
        Integer channels = null;
        Integer classes = null;
        FeatureShape size = null;
        if (arch == null) {
            questions.add(Question.ARCHITECTURE);
            questions.add(Question.INPUT_SIZE);
        } else {
            List<LayerInfo> layers =
                    NetworkSpec.layers(arch.build(new FeatureShape(1, 32, 32), 10), new FeatureShape(1, 32, 32));
            int[] first = shapes.get(layers.get(0).name() + ".weight");
            int[] last = shapes.get(layers.get(layers.size() - 1).name() + ".weight");
            channels = first.length == 4 ? first[1] : null;
            classes = last.length == 2 ? last[0] : null;
            if (channels != null && classes != null && classes >= 2) {
                size = uniqueSize(arch, channels, classes, shapes);
            }
            if (size == null) {
                questions.add(Question.INPUT_SIZE);
            }
        }
        return new Probe(file, shapes, arch, channels, size, classes, questions);
    }

    /**
     * The built-in architecture with exactly these tensor names, or null; where several have the same
     * names (the two ResNet-18 stems), the one whose first conv has the file's kernel.
     */
    private static Architecture matchingArchitecture(Map<String, int[]> shapes) {
        List<Architecture> byName = new ArrayList<>();
        for (Architecture a : Architecture.values()) {
            if (ParameterShapes.of(a.build(new FeatureShape(1, 32, 32), 10))
                    .keySet()
                    .equals(shapes.keySet())) {
                byName.add(a);
            }
        }
        if (byName.size() <= 1) {
            return byName.isEmpty() ? null : byName.get(0);
        }
        for (Architecture a : byName) {
            List<LayerInfo> layers =
                    NetworkSpec.layers(a.build(new FeatureShape(1, 32, 32), 10), new FeatureShape(1, 32, 32));
            List<Integer> expected = layers.get(0).weightShape();
            int[] got = shapes.get(layers.get(0).name() + ".weight");
            if (got.length == 4 && got[2] == expected.get(2) && got[3] == expected.get(3)) {
                return a;
            }
        }
        return byName.get(0);
    }

    /** The only common square input size whose parameter shapes equal the file's, or null. */
    private static FeatureShape uniqueSize(Architecture arch, int channels, int classes, Map<String, int[]> shapes) {
        List<FeatureShape> fits = new ArrayList<>();
        Map<String, int[]> previous = null;
        boolean sizeMatters = false;
        for (int s : PROBE_SIZES) {
            FeatureShape in = new FeatureShape(channels, s, s);
            Map<String, int[]> expected;
            try {
                expected = ParameterShapes.of(arch.build(in, classes));
            } catch (IllegalArgumentException e) {
                continue; // too small for this architecture
            }
            if (previous != null && !sameShapes(previous, expected)) {
                sizeMatters = true;
            }
            previous = expected;
            if (sameShapes(expected, shapes)) {
                fits.add(in);
            }
        }
        return sizeMatters && fits.size() == 1 ? fits.get(0) : null;
    }

    private static boolean sameShapes(Map<String, int[]> a, Map<String, int[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    /**
     * Reads a state dict as a model of a built-in architecture.
     *
     * @param file the {@code .safetensors} file
     * @param arch the architecture the names follow (after {@code nameMap})
     * @param input shape of one input image
     * @param classNames class names in label order, or null/empty for "0", "1", ...
     * @param mean per-channel mean (after scaling pixels to [0, 1])
     * @param std per-channel standard deviation
     * @param nameMap renames foreign names ({@link NameMap#NONE} for none)
     * @throws MismatchException naming every missing, unexpected or mis-shaped tensor with both shapes
     * @throws ModelFileException if the file cannot be read or the class names do not fit
     */
    public static SavedModel read(
            Path file,
            Architecture arch,
            FeatureShape input,
            List<String> classNames,
            float[] mean,
            float[] std,
            NameMap nameMap) {
        if (mean.length != input.channels() || std.length != input.channels()) {
            throw new IllegalArgumentException("mean and std need one value per input channel (" + input.channels()
                    + "), got " + mean.length + " and " + std.length);
        }
        LinkedHashMap<String, Tensor> weights = tensors(file, nameMap);
        List<LayerInfo> probe = NetworkSpec.layers(arch.build(input, 10), input);
        String classifier = probe.get(probe.size() - 1).name() + ".weight";
        Tensor cls = weights.get(classifier);
        int classes = cls != null && cls.shape().length == 2 && cls.shape()[0] >= 2
                ? cls.shape()[0]
                : classNames != null && classNames.size() >= 2 ? classNames.size() : 10;
        LayerSpec.Sequence network = arch.build(input, classes);
        check(file, arch, network, weights);
        List<String> names = classNames;
        if (names == null || names.isEmpty()) {
            names = IntStream.range(0, classes).mapToObj(String::valueOf).toList();
        } else if (names.size() != classes) {
            throw new ModelFileException(file + ": the classifier '" + classifier + "' has " + classes + " outputs but "
                    + names.size() + " class names were given");
        }
        LinkedHashMap<String, Tensor> ordered = new LinkedHashMap<>();
        ParameterShapes.of(network).keySet().forEach(k -> ordered.put(k, weights.get(k)));
        ModelManifest manifest = new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                arch.id(),
                input,
                List.copyOf(names),
                mean.clone(),
                std.clone(),
                network,
                new TrainingRecord(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "imported from " + file.getFileName()),
                null);
        return new SavedModel(manifest, ordered);
    }

    private static void check(Path file, Architecture arch, LayerSpec.Sequence network, Map<String, Tensor> weights) {
        Map<String, int[]> expected = ParameterShapes.of(network);
        List<String> problems = new ArrayList<>();
        expected.forEach((name, shape) -> {
            Tensor t = weights.get(name);
            if (t == null) {
                problems.add("missing '" + name + "' " + Arrays.toString(shape));
            } else if (!Arrays.equals(t.shape(), shape)) {
                problems.add("'" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(shape));
            }
        });
        weights.forEach((name, t) -> {
            if (!expected.containsKey(name)) {
                problems.add("unexpected '" + name + "' " + Arrays.toString(t.shape()));
            }
        });
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder m =
                new StringBuilder(file.toString()).append(": does not fit ").append(arch.id());
        Map<String, int[]> shapes = new LinkedHashMap<>();
        weights.forEach((k, v) -> shapes.put(k, v.shape()));
        Architecture other = matchingArchitecture(shapes);
        if (other != null && other != arch) {
            m.append(" (the names are those of ").append(other.id()).append(')');
        } else if (problems.size() == expected.size() + weights.size()) {
            m.append(" (no name matches: another naming scheme? use a name map)");
        }
        m.append(", ").append(problems.size()).append(problems.size() == 1 ? " problem: " : " problems: ");
        m.append(String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size()))));
        if (problems.size() > MAX_LISTED) {
            m.append("; and ").append(problems.size() - MAX_LISTED).append(" more");
        }
        throw new MismatchException(m.toString(), problems);
    }
}
