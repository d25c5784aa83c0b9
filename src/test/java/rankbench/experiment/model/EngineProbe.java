package rankbench.experiment.model;

import ai.djl.ndarray.NDManager;

/** Started in a child JVM by {@link EngineOfflineTest}: starts the engine and computes something. */
public final class EngineProbe {

    private EngineProbe() {}

    /** Prints "OK engine-version sum" on success. */
    public static void main(String[] args) {
        var engine = Engines.pytorch();
        try (NDManager m = engine.newBaseManager()) {
            float s = m.arange(5f).sum().getFloat();
            System.out.println("OK " + engine.getEngineName() + " " + engine.getVersion() + " " + s + " offline="
                    + System.getProperty("ai.djl.offline"));
        }
    }
}
