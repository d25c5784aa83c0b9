package rankbench.experiment.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A runnable CNN: its description ({@link LayerSpec}), the DJL blocks built from it and their
 * parameters under PyTorch-style names ({@code layer1.0.conv1.weight}).
 *
 * <p>The network lives on the device {@link Engines#device()} names when it is created; arrays for it
 * come from sub-managers of {@link #manager()} and so live there too. Weights go in and out as
 * {@link Tensor}s (host memory), whatever the device.
 *
 * <p>Not thread-safe: use one network from one thread at a time (training runs on the training
 * service's thread). Close it to free native memory.
 */
public final class Network implements AutoCloseable {

    private final LayerSpec.Sequence spec;
    private final FeatureShape inputShape;
    private final Model model;
    private final Block block;
    private final Map<String, Parameter> parameters;
    private final List<LayerInfo> layers;
    private final PassLayout layout;
    private List<Stage> stages;

    /**
     * One step of the forward pass at the top level: a residual block or a single layer, with nested
     * sequences ({@code layer1}) opened up. Running the stages in order is the whole forward pass.
     *
     * @param path dotted name ({@code layer1.0}, {@code conv1})
     * @param input shape of one image entering the stage
     * @param layers names of the compressible layers inside the stage (empty for BN, ReLU, pooling)
     * @param macs MACs per image of those layers
     */
    public record Stage(String path, FeatureShape input, List<String> layers, long macs) {}

    private record StageBlock(Stage stage, Block block) {}

    private List<StageBlock> stageBlocks;

    private Network(LayerSpec.Sequence spec, FeatureShape inputShape, ActivationLayout layout) {
        this.spec = spec;
        this.inputShape = inputShape;
        spec.outputShape(inputShape);
        Engines.pytorch();
        this.layout = PassLayout.of(layout, spec);
        Blocks.Built built = Blocks.build(spec, this.layout);
        this.block = built.block();
        this.parameters = Collections.unmodifiableMap(built.parameters());
        this.model = Model.newInstance("rankbench", Engines.device(), "PyTorch");
        model.setBlock(block);
        block.initialize(
                model.getNDManager(),
                DataType.FLOAT32,
                new Shape(1, inputShape.channels(), inputShape.height(), inputShape.width()));
        this.layers = NetworkSpec.layers(spec, inputShape);
    }

    /**
     * Creates a network with fresh weights: He-normal (fan-in) conv and linear weights, zero biases,
     * BN scale 1 and shift 0, drawn from a generator seeded with {@code seed} (deterministic and
     * independent of the engine's random state).
     */
    public static Network create(LayerSpec.Sequence spec, FeatureShape inputShape, long seed) {
        Network n = new Network(spec, inputShape, ActivationLayout.configured());
        n.initializeWeights(seed);
        return n;
    }

    /** Creates a network and loads the given weights (all must be present with matching shapes). */
    public static Network withWeights(LayerSpec.Sequence spec, FeatureShape inputShape, Map<String, Tensor> weights) {
        return withWeights(spec, inputShape, weights, ActivationLayout.configured());
    }

    /** As {@link #withWeights(LayerSpec.Sequence, FeatureShape, Map)}, with the activations laid out as given. */
    static Network withWeights(
            LayerSpec.Sequence spec, FeatureShape inputShape, Map<String, Tensor> weights, ActivationLayout layout) {
        Network n = new Network(spec, inputShape, layout);
        try {
            n.loadWeights(weights);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void initializeWeights(long seed) {
        Engines.noGradOnThisThread();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray a = e.getValue().getArray();
            int n = Math.toIntExact(a.size());
            float[] v = new float[n];
            long[] shape = a.getShape().getShape();
            if (name.endsWith("running_var")) {
                Arrays.fill(v, 1f);
            } else if (name.endsWith(".weight") && shape.length == 1) {
                Arrays.fill(v, 1f); // batch-norm scale
            } else if (name.endsWith(".weight")) {
                long fanIn = 1;
                for (int i = 1; i < shape.length; i++) {
                    fanIn *= shape[i];
                }
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (nextGaussian(rnd) * std);
                }
            }
            overwrite(a, v);
        }
    }

    private static double nextGaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Returns the description this network was built from. */
    public LayerSpec.Sequence spec() {
        return spec;
    }

    /** Returns the shape of one input image. */
    public FeatureShape inputShape() {
        return inputShape;
    }

    /** Returns the number of output classes. */
    public int numClasses() {
        return spec.outputShape(inputShape).size();
    }

    /** Returns the compressible layers (conv and linear) in forward order. */
    public List<LayerInfo> layers() {
        return layers;
    }

    /** Returns the number of learnable parameters. */
    public long parameterCount() {
        return NetworkSpec.parameterCount(spec);
    }

    /** Returns the MACs per image of all conv and linear layers. */
    public long macCount() {
        return layers.stream().mapToLong(LayerInfo::macs).sum();
    }

    /** Returns the engine parameters by PyTorch-style name (running statistics included). */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Returns the DJL block (for engine-level code such as training loops). */
    public Block block() {
        return block;
    }

    /** Returns the device the parameters live on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Returns the manager that owns the parameters (on {@link #device()}). */
    public NDManager manager() {
        return model.getNDManager();
    }

    /**
     * Runs the network on a batch {@code N x C x H x W} and returns the logits {@code N x classes}.
     * In training mode batch norm uses and updates batch statistics.
     */
    public NDArray forward(NDArray input, boolean training) {
        if (!training) {
            Engines.noGradOnThisThread();
        }
        ParameterStore ps = new ParameterStore(input.getManager(), false);
        return dense(block.forward(ps, new NDList(input), training).singletonOrThrow(), training);
    }

    /** Returns the stages of the forward pass in order (see {@link Stage}). */
    public List<Stage> stages() {
        if (stages == null) {
            List<StageBlock> out = new ArrayList<>();
            collectStages(spec, block, "", inputShape, out);
            stageBlocks = List.copyOf(out);
            stages = stageBlocks.stream().map(StageBlock::stage).toList();
        }
        return stages;
    }

    private static FeatureShape collectStages(
            LayerSpec spec, Block b, String prefix, FeatureShape in, List<StageBlock> out) {
        if (spec instanceof LayerSpec.Sequence seq && b instanceof Blocks.SequenceBlock sb) {
            String path = NetworkSpec.join(prefix, seq.name());
            FeatureShape x = in;
            for (int i = 0; i < seq.children().size(); i++) {
                x = collectStages(seq.children().get(i), sb.children().get(i), path, x, out);
            }
            return x;
        }
        String path = NetworkSpec.join(prefix, spec.name());
        List<String> names = new ArrayList<>();
        long macs = 0;
        for (LayerInfo l : NetworkSpec.layers(spec, in)) {
            names.add(NetworkSpec.join(prefix, l.name()));
            macs += l.macs();
        }
        out.add(new StageBlock(new Stage(path, in, List.copyOf(names), macs), b));
        return spec.outputShape(in);
    }

    /**
     * Runs stages {@code from} (inclusive) to {@code to} (exclusive) in inference mode on {@code x},
     * the activation entering stage {@code from}; returns the activation entering stage {@code to}
     * (the logits when {@code to == stages().size()}). That activation is in the inference pass's own
     * layout (oneDNN's blocked layout under {@link ActivationLayout#AUTO}), ready to be passed to this
     * method again; {@link #dense(NDArray)} turns it into an ordinary tensor. The logits are ordinary.
     */
    public NDArray forwardStages(NDArray x, int from, int to) {
        List<Stage> all = stages();
        if (from < 0 || to > all.size() || from > to) {
            throw new IndexOutOfBoundsException("stages " + from + ".." + to + " of " + all.size());
        }
        Engines.noGradOnThisThread();
        ParameterStore ps = new ParameterStore(x.getManager(), false);
        NDList v = new NDList(x);
        for (int i = from; i < to; i++) {
            v = stageBlocks.get(i).block().forward(ps, v, false);
        }
        return to == all.size() ? dense(v.singletonOrThrow(), false) : v.singletonOrThrow();
    }

    /**
     * Returns an activation {@link #forwardStages} gave as an ordinary (strided, {@code NCHW}-indexed) tensor:
     * a copy if it is held in oneDNN's blocked layout, else {@code x} itself.
     */
    public static NDArray dense(NDArray x) {
        return OneDnnTensors.toDense(x);
    }

    /** A pass's output as a dense tensor (a blocked pass keeps activations blocked between its layers). */
    private NDArray dense(NDArray out, boolean training) {
        return layout.blocked(training) ? OneDnnTensors.toDense(out) : out;
    }

    /** Copies all parameters and running statistics out of the engine. */
    public LinkedHashMap<String, Tensor> weights() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            out.put(e.getKey(), toTensor(e.getValue().getArray()));
        }
        return out;
    }

    /** Copies one parameter out of the engine. */
    public Tensor weight(String name) {
        return toTensor(parameter(name).getArray());
    }

    /** Overwrites one parameter in place (optimizer state, if any, is kept). */
    public void setWeight(String name, Tensor value) {
        NDArray a = parameter(name).getArray();
        checkShape(name, a, value);
        Engines.noGradOnThisThread();
        overwrite(a, value.data());
    }

    /**
     * Overwrites a parameter's values in place (the caller is in no-grad mode). Through an indexed copy,
     * not {@code NDArray.set(Buffer)}, whose native side makes libtorch print a deprecation warning on
     * stderr.
     */
    private static void overwrite(NDArray a, float[] values) {
        try (NDArray src = a.getManager().create(values, a.getShape())) {
            a.set(ALL, src);
        }
    }

    private static final NDIndex ALL = new NDIndex("...");

    /**
     * Loads weights by name. Every parameter must be present with the right shape and no unknown
     * names may appear; otherwise nothing is changed and the error names the first problem.
     */
    public void loadWeights(Map<String, Tensor> weights) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing weight '" + e.getKey() + "'");
            }
            checkShape(e.getKey(), e.getValue().getArray(), t);
        }
        for (String name : weights.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("unexpected weight '" + name + "' (not in this architecture)");
            }
        }
        Engines.noGradOnThisThread();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            overwrite(e.getValue().getArray(), weights.get(e.getKey()).data());
        }
    }

    private Parameter parameter(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return p;
    }

    private static void checkShape(String name, NDArray a, Tensor t) {
        long[] expected = a.getShape().getShape();
        int[] got = t.shape();
        boolean ok = expected.length == got.length;
        for (int i = 0; ok && i < got.length; i++) {
            ok = expected[i] == got[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("weight '" + name + "' has shape " + Arrays.toString(got) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    static Tensor toTensor(NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return new Tensor(shape, a.toFloatArray());
    }

    @Override
    public void close() {
        model.close();
    }
}
