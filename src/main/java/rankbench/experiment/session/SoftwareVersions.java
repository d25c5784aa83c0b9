package rankbench.experiment.session;

import ai.djl.engine.Engine;
import rankbench.experiment.model.Engines;

/**
 * Versions of the software that produced a run, and the engine settings it ran with, so a result can be
 * reproduced.
 *
 * @param rankbench RankBench's version
 * @param java the Java runtime ({@code java.version})
 * @param djl DJL's version
 * @param libtorch the PyTorch native library's version
 * @param os operating system and architecture
 * @param engine the engine settings that change speed or the last float digits of results (threads,
 *     OpenMP runtime, activation layout, native heap; {@link Engines#settings()}); null in runs recorded
 *     before they were (session format 1)
 */
public record SoftwareVersions(String rankbench, String java, String djl, String libtorch, String os, String engine) {

    /**
     * The versions of this build and the engine's settings, without starting the engine: RankBench's
     * version from the jar manifest (or {@code dev} when run from classes), DJL's from its jar, libtorch's
     * from the native artifact this build is made with.
     */
    public static SoftwareVersions current() {
        String rb = SoftwareVersions.class.getPackage().getImplementationVersion();
        String djl = Engine.class.getPackage().getImplementationVersion();
        return new SoftwareVersions(
                rb == null ? "dev" : rb,
                System.getProperty("java.version"),
                djl == null ? "0.34.0" : djl,
                LIBTORCH_VERSION,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Engines.settings());
    }

    /** The libtorch version of the {@code pytorch-native-cpu} artifact in the pom. */
    public static final String LIBTORCH_VERSION = "2.7.1";
}
