package rankbench.experiment.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks a model manifest must pass before any weight is read or allocated: a supported format
 * version, every required part present, an input shape and a network of sane size that fit together,
 * unique parameter names, one finite mean and a positive standard deviation per input channel, and one
 * class name per output. The fields of every layer are checked when it is built ({@link LayerSpec}).
 * Each failure is one {@link ModelFileException} naming the source and the problem.
 */
final class ManifestChecks {

    /** Largest input image accepted, in values (C x H x W): a 4096 x 4096 RGB image is below it. */
    static final int MAX_INPUT_VALUES = 1 << 26;
    /** Largest parameter count accepted (a gigabyte of float32 weights). */
    static final long MAX_PARAMETERS = 1L << 28;

    private ManifestChecks() {}

    /**
     * Checks a manifest as read from {@code source} and returns the number of weight values its network
     * needs.
     *
     * @throws ModelFileException naming {@code source} and the first problem
     */
    static long check(ModelManifest m, String source) {
        if (m == null) {
            throw new ModelFileException(source + ": the manifest is empty (JSON null)");
        }
        if (m.formatVersion() < 1 || m.formatVersion() > ModelFiles.FORMAT_VERSION) {
            throw new ModelFileException(source + ": model format version " + m.formatVersion()
                    + " is not supported by this RankBench (supports 1.." + ModelFiles.FORMAT_VERSION + ")");
        }
        if (m.network() == null || m.input() == null || m.classes() == null) {
            throw new ModelFileException(source + ": manifest lacks network, input or classes");
        }
        FeatureShape in = m.input();
        if (in.size() > MAX_INPUT_VALUES) {
            throw new ModelFileException(source + ": input shape " + in + " is too large (at most " + MAX_INPUT_VALUES
                    + " values per image)");
        }
        if (m.classes().stream().anyMatch(Objects::isNull)) { // List.copyOf lists throw on contains(null)
            throw new ModelFileException(source + ": a class name is missing (null)");
        }
        checkNormalization(m.mean(), "mean", in.channels(), source);
        checkNormalization(m.std(), "std", in.channels(), source);
        long values = parameterValues(m.network(), source);
        FeatureShape out;
        try {
            out = m.network().outputShape(in);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + ": inconsistent network description (" + e.getMessage() + ")");
        }
        if (out.size() != m.classes().size()) {
            throw new ModelFileException(source + ": network has " + out.size() + " outputs but "
                    + m.classes().size() + " class names");
        }
        return values;
    }

    private static void checkNormalization(float[] v, String what, int channels, String source) {
        if (v == null || v.length != channels) {
            throw new ModelFileException(source + ": the manifest needs one " + what + " per input channel (" + channels
                    + "), has " + (v == null ? "none" : String.valueOf(v.length)));
        }
        for (float x : v) {
            if (!Float.isFinite(x) || (what.equals("std") && !(x > 0))) {
                throw new ModelFileException(source + ": " + what + " " + x + " is not "
                        + (what.equals("std") ? "finite and > 0" : "finite"));
            }
        }
    }

    /** Counts the weight values of a network (exactly, refused above {@link #MAX_PARAMETERS}); names must be unique. */
    private static long parameterValues(LayerSpec network, String source) {
        Map<String, int[]> shapes = ParameterShapes.of(network);
        List<String> names = ParameterShapes.names(network);
        if (names.size() != shapes.size()) {
            Set<String> seen = new HashSet<>();
            String dup = names.stream().filter(n -> !seen.add(n)).findFirst().orElse("?");
            throw new ModelFileException(source + ": two layers have the parameter name '" + dup + "'");
        }
        long total = 0;
        for (int[] shape : shapes.values()) {
            long n = 1;
            for (int d : shape) {
                n *= d; // each d <= 2^24 and at most four of them: checked below before it can overflow
                if (n > MAX_PARAMETERS) {
                    break;
                }
            }
            total += Math.min(n, MAX_PARAMETERS + 1);
            if (total > MAX_PARAMETERS) {
                throw new ModelFileException(
                        source + ": the network declares more than " + MAX_PARAMETERS + " parameters");
            }
        }
        return total;
    }
}
