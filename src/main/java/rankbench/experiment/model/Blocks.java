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

    /** Builds the blocks of {@code root}, each convolution's activations laid out as {@code layout} says. */
    static Built build(LayerSpec root, PassLayout layout) {
        LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
        Block b = build(root, "", params, layout);
        return new Built(b, params);
    }

    private static Block build(LayerSpec spec, String prefix, Map<String, Parameter> params, PassLayout layout) {
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
            return layout.layout() == ActivationLayout.NCHW ? conv : new LaidOutConv(conv, layout);
        } else if (spec instanceof LayerSpec.Dense d) {
            Linear linear =
                    Linear.builder().setUnits(d.outFeatures()).optBias(d.bias()).build();
            register(linear, path, params);
            return denseInput(linear, layout);
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
            return denseInput(LambdaBlock.singleton(Blocks::globalAvgPool, "avgpool"), layout);
        } else if (spec instanceof LayerSpec.Flatten) {
            return denseInput(LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), -1), "flatten"), layout);
        } else if (spec instanceof LayerSpec.PadShortcut p) {
            return denseInput(LambdaBlock.singleton(x -> padShortcut(x, p), "padShortcut"), layout);
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
            return new ResidualBlock(body, shortcut, layout);
        }
        throw new IllegalArgumentException("unsupported layer " + spec);
    }

    /** {@code block}, or, where inference passes may be blocked, {@code block} behind a {@link DenseInput}. */
    private static Block denseInput(Block block, PassLayout layout) {
        return layout.blocked(false) ? new DenseInput(block, layout) : block;
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

    /** One block run in a pass's layout: the subclass converts what goes in or comes out. */
    private abstract static class LaidOut extends AbstractBlock {
        final Block inner;
        final PassLayout layout;

        LaidOut(String name, Block inner, PassLayout layout) {
            this.inner = addChildBlock(name, inner);
            this.layout = layout;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            inner.initialize(manager, dataType, inputShapes);
        }
    }

    /**
     * A convolution whose activations are laid out as its pass's {@link PassLayout} says: its output
     * channels-last, or its input blocked (its output then is too).
     */
    static final class LaidOutConv extends LaidOut {

        LaidOutConv(Block conv, PassLayout layout) {
            super("conv", conv, layout);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            if (layout.blocked(training)) {
                NDList in = new NDList(OneDnnTensors.toBlocked(inputs.singletonOrThrow()));
                return inner.forward(ps, in, training, params);
            }
            NDList out = inner.forward(ps, inputs, training, params);
            return layout.channelsLast(training)
                    ? new NDList(ActivationLayout.channelsLast(out.singletonOrThrow()))
                    : out;
        }
    }

    /** A block that takes dense tensors only: in a blocked pass its input is made dense first. */
    static final class DenseInput extends LaidOut {

        DenseInput(Block inner, PassLayout layout) {
            super("dense", inner, layout);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList in =
                    layout.blocked(training) ? new NDList(OneDnnTensors.toDense(inputs.singletonOrThrow())) : inputs;
            return inner.forward(ps, in, training, params);
        }
    }

    /** {@code relu(body(x) + shortcut(x))}. */
    static final class ResidualBlock extends AbstractBlock {
        private final SequenceBlock body;
        private final Block shortcut;
        private final PassLayout layout;

        ResidualBlock(SequenceBlock body, Block shortcut, PassLayout layout) {
            this.body = addChildBlock("body", body);
            this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
            this.layout = layout;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray out = body.forward(ps, inputs, training, params).singletonOrThrow();
            NDArray sc = shortcut == null
                    ? inputs.singletonOrThrow()
                    : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
            if (layout.blocked(training)) {
                if (OneDnnTensors.isBlocked(out) != OneDnnTensors.isBlocked(sc)) {
                    // e.g. a blocked body and an option-A shortcut, which slices and pads a dense copy
                    sc = OneDnnTensors.isBlocked(out) ? OneDnnTensors.toBlocked(sc) : OneDnnTensors.toDense(sc);
                }
                // Inference: the body's output is this block's own and nothing differentiates it.
                return new NDList(Activation.relu(out.addi(sc)));
            }
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
