package rankbench.experiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link LayerSpec} tree into DJL blocks and records PyTorch names of their parameters. */
final class Blocks {

    private Blocks() {}

    /** The built block tree and its parameters keyed by PyTorch-style names. */
    record Built(Block block, LinkedHashMap<String, Parameter> parameters) {}

    /** Builds the blocks of {@code root}, each convolution's output laid out as {@code layout} says. */
    static Built build(LayerSpec root, ActivationLayout layout) {
        LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
        Block b = build(root, "", params, layout);
        return new Built(b, params);
    }

    private static Block build(LayerSpec spec, String prefix, Map<String, Parameter> params, ActivationLayout layout) {
        String path = NetworkSpec.join(prefix, spec.name());
        if (spec instanceof LayerSpec.Conv c) {
            Conv2d conv = Conv2d.builder()
                    .setKernelShape(new Shape(c.kernelH(), c.kernelW()))
                    .optStride(new Shape(c.strideH(), c.strideW()))
                    .optPadding(new Shape(c.padH(), c.padW()))
                    .setFilters(c.outChannels())
                    .optBias(c.bias())
                    .build();
            register(conv, path, params);
            return layout == ActivationLayout.NCHW ? conv : new LaidOutConv(conv, layout);
        } else if (spec instanceof LayerSpec.Dense d) {
            Linear linear =
                    Linear.builder().setUnits(d.outFeatures()).optBias(d.bias()).build();
            register(linear, path, params);
            return linear;
        } else if (spec instanceof LayerSpec.BatchNorm) {
            Block bn = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            register(bn, path, params);
            return bn;
        } else if (spec instanceof LayerSpec.Relu) {
            return new LambdaBlock(Blocks::relu, "relu");
        } else if (spec instanceof LayerSpec.MaxPool p) {
            Shape k = new Shape(p.kernel(), p.kernel());
            Shape s = new Shape(p.stride(), p.stride());
            Shape pad = new Shape(p.pad(), p.pad());
            return LambdaBlock.singleton(x -> Pool.maxPool2d(x, k, s, pad, false), "maxpool");
        } else if (spec instanceof LayerSpec.GlobalAvgPool) {
            return LambdaBlock.singleton(Blocks::globalAvgPool, "avgpool");
        } else if (spec instanceof LayerSpec.Flatten) {
            return LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), -1), "flatten");
        } else if (spec instanceof LayerSpec.PadShortcut p) {
            return LambdaBlock.singleton(x -> padShortcut(x, p), "padShortcut");
        } else if (spec instanceof LayerSpec.Sequence s) {
            SequenceBlock seq = new SequenceBlock();
            for (LayerSpec child : s.children()) {
                seq.add(child.name(), build(child, path, params, layout));
            }
            return seq;
        } else if (spec instanceof LayerSpec.Residual r) {
            SequenceBlock body = new SequenceBlock();
            for (LayerSpec child : r.body()) {
                body.add(child.name(), build(child, path, params, layout));
            }
            Block shortcut = r.shortcut() == null ? null : build(r.shortcut(), path, params, layout);
            return new ResidualBlock(body, shortcut);
        }
        throw new IllegalArgumentException("unsupported layer " + spec);
    }

    private static NDArray globalAvgPool(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, true).reshape(s.get(0), s.get(1), 1, 1);
    }

    private static NDList relu(NDList in) {
        return new NDList(Activation.relu(in.singletonOrThrow()));
    }

    /** Option-A shortcut: subsample, then pad the channels with zeros (keeps the input's memory layout). */
    private static NDArray padShortcut(NDArray x, LayerSpec.PadShortcut p) {
        NDArray y = p.stride() == 1 ? x : x.get(":, :, ::" + p.stride() + ", ::" + p.stride());
        int extra = p.outChannels() - p.inChannels();
        if (extra == 0) {
            return y;
        }
        int before = extra / 2;
        // Pairs from the last dimension back: W, H, then C.
        return y.pad(new Shape(0, 0, 0, 0, before, extra - before), 0);
    }

    private static void register(Block block, String path, Map<String, Parameter> params) {
        for (var pair : block.getDirectParameters()) {
            String djlName = pair.getKey();
            String torchName = switch (djlName) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> djlName;
            };
            params.put(NetworkSpec.join(path, torchName), pair.getValue());
        }
    }

    /** Children applied in order. */
    static final class SequenceBlock extends AbstractBlock {
        private final List<Block> order = new ArrayList<>();

        void add(String name, Block child) {
            addChildBlock(name.isEmpty() ? "root" : name, child);
            order.add(child);
        }

        /** The children in forward order (one per child of the spec's sequence). */
        List<Block> children() {
            return order;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList x = inputs;
            for (Block b : order) {
                x = b.forward(ps, x, training, params);
            }
            return x;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] s = inputShapes;
            for (Block b : order) {
                s = b.getOutputShapes(s);
            }
            return s;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] s = inputShapes;
            for (Block b : order) {
                b.initialize(manager, dataType, s);
                s = b.getOutputShapes(s);
            }
        }
    }

    /** A convolution whose output is laid out as its pass's {@link ActivationLayout} says. */
    static final class LaidOutConv extends AbstractBlock {
        private final Block conv;
        private final ActivationLayout layout;

        LaidOutConv(Block conv, ActivationLayout layout) {
            this.conv = addChildBlock("conv", conv);
            this.layout = layout;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList out = conv.forward(ps, inputs, training, params);
            return layout.channelsLast(training)
                    ? new NDList(ActivationLayout.channelsLast(out.singletonOrThrow()))
                    : out;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes);
        }
    }

    /** {@code relu(body(x) + shortcut(x))}. */
    static final class ResidualBlock extends AbstractBlock {
        private final SequenceBlock body;
        private final Block shortcut;

        ResidualBlock(SequenceBlock body, Block shortcut) {
            this.body = addChildBlock("body", body);
            this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray out = body.forward(ps, inputs, training, params).singletonOrThrow();
            NDArray sc = shortcut == null
                    ? inputs.singletonOrThrow()
                    : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
            return new NDList(Activation.relu(out.add(sc)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return body.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            body.initialize(manager, dataType, inputShapes);
            if (shortcut != null) {
                shortcut.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
