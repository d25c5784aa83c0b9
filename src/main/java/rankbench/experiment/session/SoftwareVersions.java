package rankbench.experiment.session;

/**
 * Versions of the software that produced a run, so a result can be reproduced.
 *
 * @param rankbench RankBench's version
 * @param java the Java runtime ({@code java.version})
 * @param djl DJL's version
 * @param libtorch the PyTorch native library's version
 * @param os operating system and architecture
 */
public record SoftwareVersions(String rankbench, String java, String djl, String libtorch, String os) {}
