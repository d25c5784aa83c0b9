package rankbench.experiment.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtDeviceType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's oneDNN tensors ({@code torch.mkldnn} layout): activations held in the blocked layout
 * oneDNN's convolutions compute in. A convolution, ReLU or addition on such a tensor gives one again,
 * so between two convolutions nothing is converted; a convolution on an {@code NCHW} tensor converts its
 * input into the blocked layout and its output back, every time (docs/PERFORMANCE.md measures both).
 * Other ops (slicing, padding, means, linear layers, batch norm) take dense tensors only.
 *
 * <p>DJL's public API can turn such a tensor back into a dense one but cannot make one from a dense
 * tensor, except for every tensor at once ({@code -Dai.djl.pytorch.use_mkldnn}). {@link #toBlocked} calls
 * the DJL function that does it for a single tensor, which DJL keeps package-private, by reflection. If
 * that function is missing (another DJL version), or the first conversion does not give a oneDNN tensor
 * with the same values (a libtorch built without oneDNN), {@link #available()} says so, with a log line,
 * and networks run their inference in {@code NCHW}.
 */
final class OneDnnTensors {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnTensors.class);

    /** DJL's code for libtorch's {@code kMkldnn} layout (0 is strided, 1 sparse COO). */
    private static final int ONEDNN_LAYOUT = 2;

    private static final Object LIBRARY;
    private static final Method FROM_BLOB;

    static {
        Object lib = null;
        Method fromBlob = null;
        try {
            Class<?> c = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field f = c.getDeclaredField("LIB");
            f.setAccessible(true);
            fromBlob = c.getDeclaredMethod(
                    "torchFromBlob", ByteBuffer.class, long[].class, int.class, int.class, int[].class, boolean.class);
            fromBlob.setAccessible(true);
            lib = f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("oneDNN tensors unavailable ({}); inference runs in NCHW", e.toString());
            fromBlob = null;
        }
        LIBRARY = lib;
        FROM_BLOB = fromBlob;
    }

    /** Whether a first conversion worked; null until {@link #available()} tried one. */
    private static volatile Boolean works;

    private OneDnnTensors() {}

    /**
     * True if dense tensors can be turned into oneDNN tensors with this DJL and libtorch: the first call
     * converts a small tensor there and back (the engine must be started).
     */
    static boolean available() {
        Boolean w = works;
        if (w == null) {
            synchronized (OneDnnTensors.class) {
                if (works == null) {
                    works = probe();
                }
                w = works;
            }
        }
        return w;
    }

    /** False once {@link #available()} found oneDNN tensors unavailable; true before (without trying). */
    static boolean notRuledOut() {
        Boolean w = works;
        return FROM_BLOB != null && (w == null || w);
    }

    private static boolean probe() {
        if (FROM_BLOB == null) {
            return false;
        }
        try (NDManager m = Engines.pytorch().newBaseManager(Device.cpu())) {
            NDArray x = m.arange(8f).reshape(1, 2, 2, 2);
            NDArray b = fromBlob(x);
            boolean ok =
                    isBlocked(b) && Arrays.equals(x.toFloatArray(), toDense(b).toFloatArray());
            if (!ok) {
                LOG.warn("oneDNN tensors do not convert back and forth here; inference runs in NCHW");
            }
            return ok;
        } catch (RuntimeException | Error e) {
            LOG.warn("oneDNN tensors unavailable ({}); inference runs in NCHW", e.toString());
            return false;
        }
    }

    /** True if {@code x} is a oneDNN tensor. */
    static boolean isBlocked(NDArray x) {
        return JniUtils.getLayout((PtNDArray) x) == ONEDNN_LAYOUT;
    }

    /**
     * Returns {@code x} as a oneDNN tensor of the same shape and values (a copy, in {@code x}'s manager), or
     * {@code x} itself if it is one, not float or not on the CPU.
     */
    static NDArray toBlocked(NDArray x) {
        if (!available() || x.getDataType() != DataType.FLOAT32 || x.getDevice().isGpu() || isBlocked(x)) {
            return x;
        }
        return fromBlob(x);
    }

    /** A oneDNN copy of the dense float CPU tensor {@code x}. */
    private static NDArray fromBlob(NDArray x) {
        PtNDArray p = (PtNDArray) x;
        // A view of x's memory (of a contiguous copy if x is not contiguous); libtorch copies it.
        ByteBuffer data = JniUtils.getByteBuffer(p, true);
        int[] device = {PtDeviceType.toDeviceType(x.getDevice()), x.getDevice().getDeviceId()};
        try {
            long handle = (long) FROM_BLOB.invoke(
                    LIBRARY, data, x.getShape().getShape(), x.getDataType().ordinal(), ONEDNN_LAYOUT, device, false);
            return new PtNDArray((PtNDManager) x.getManager(), handle);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DJL refused the oneDNN conversion", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("oneDNN conversion failed", cause);
        }
    }

    /** Returns {@code x} as a dense ({@code NCHW}) tensor: a copy if it is a oneDNN tensor, else {@code x}. */
    static NDArray toDense(NDArray x) {
        return isBlocked(x) ? JniUtils.toDense((PtNDArray) x) : x;
    }
}
