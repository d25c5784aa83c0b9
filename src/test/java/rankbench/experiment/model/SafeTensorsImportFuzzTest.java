package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;

/**
 * Imports well over a thousand damaged {@code .safetensors} state dicts of LeNet-5 (the import path of
 * {@code rankbench import}: {@link ModelFiles#importSafetensors}). Each must end in a
 * {@link ModelFileException} naming the file on one line, or in a model whose every weight has the shape
 * the architecture needs; a file whose damage cannot have changed the tensors must import the original
 * weights. Report: {@code target/fuzz/safetensors-import.txt}.
 */
class SafeTensorsImportFuzzTest {

    static final long SEED = 20261202;
    private static final FeatureShape IN = new FeatureShape(1, 28, 28);
    private static final String FILE = "weights.safetensors";

    @TempDir
    Path dir;

    static SavedModel load(Path d) {
        return ModelFiles.importSafetensors(
                d.resolve(FILE), Architecture.LENET5, IN, null, new float[] {0.5f}, new float[] {0.25f});
    }

    @Test
    void damagedStateDictsAreRefusedCleanly() throws IOException {
        LayerSpec.Sequence net = Architecture.LENET5.build(IN, 10);
        LinkedHashMap<String, Tensor> weights = new LinkedHashMap<>(SafeTensorsDamage.randomWeights(net, 5));
        weights.put("bn.num_batches_tracked", new Tensor(new int[] {}, new float[] {7})); // ignored by the import
        byte[] valid = SafeTensors.toBytes(weights, Map.of("format", "pt"));
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("valid", Expect.LOAD, FILE, valid));
        for (SafeTensorsDamage.Variant v : SafeTensorsDamage.all(valid, rnd, 110)) {
            cases.add(Case.of(v.kind(), v.expect(), FILE, v.bytes()));
        }
        cases.add(new Case("not-a-file", Expect.REFUSE, Map.of(), d -> Files.createDirectories(d.resolve(FILE)), ""));
        cases.add(new Case("missing", Expect.REFUSE, Map.of(), null, ""));
        cases.add(new Case(
                "huge-file",
                Expect.REFUSE,
                Map.of(),
                d -> {
                    try (RandomAccessFile f =
                            new RandomAccessFile(d.resolve(FILE).toFile(), "rw")) {
                        f.write(valid);
                        f.setLength(3L << 30); // sparse
                    }
                },
                "3 GB sparse file"));
        Map<String, Tensor> expected = new LinkedHashMap<>(weights);
        expected.remove("bn.num_batches_tracked");
        Map<String, int[]> shapes = ParameterShapes.of(net);
        Fuzz.Report r = Fuzz.run(
                "safetensors-import",
                SEED,
                cases,
                dir,
                SafeTensorsImportFuzzTest::load,
                ModelFileException.class,
                (c, m) -> assertEquals(expected, m.weights()),
                (c, m) -> {
                    assertEquals(shapes.keySet(), m.weights().keySet());
                    shapes.forEach(
                            (k, s) -> assertArrayEquals(s, m.weights().get(k).shape(), k));
                });
        Fuzz.assertClean(r, 1000);
    }
}
