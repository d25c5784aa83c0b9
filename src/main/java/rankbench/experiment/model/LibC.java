package rankbench.experiment.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C library functions the engine's setup calls before libtorch loads ({@link OpenMp}, {@link NativeHeap}).
 * Loading it throws where JNA or a C library is unavailable; callers then keep the defaults.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code setenv(3)}: sets an environment variable of the process. */
    int setenv(String name, String value, int overwrite);

    /** {@code mallopt(3)} (glibc): sets an allocator parameter; returns 1 on success. */
    int mallopt(int param, int value);
}
