package ai.djl.pytorch.jni;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;

/** Test access to a tensor's memory layout, which DJL's public API does not expose. */
public final class TensorLayouts {

    private TensorLayouts() {}

    /** Returns whether libtorch holds {@code a} contiguous in its default (row-major, NCHW) order. */
    public static boolean isContiguous(NDArray a) {
        return PyTorchLibrary.LIB.torchIsContiguous(((PtNDArray) a).getHandle());
    }
}
