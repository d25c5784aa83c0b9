package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch state dicts in safetensors import into model files (checked against PyTorch itself by cli.PyTorchParityTest). */
@Tag("engine")
class ImportSafetensorsTest {

    private static final FeatureShape IN = new FeatureShape(1, 28, 28);

    private static Path write(Path dir, LinkedHashMap<String, Tensor> w) throws IOException {
        Path f = dir.resolve("w.safetensors");
        Files.write(f, SafeTensors.toBytes(w, null));
        return f;
    }

    @Test
    void aPyTorchStateDictImportsBitExactAndIgnoresBatchCounters(@TempDir Path dir) throws IOException {
        SavedModel src = TestModels.random(Architecture.RESNET20, 9);
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>(src.weights());
        w.put("bn1.num_batches_tracked", new Tensor(new int[] {}, new float[] {5}));
        w.put("layer1.0.bn1.num_batches_tracked", new Tensor(new int[] {}, new float[] {5}));
        SavedModel m = ModelFiles.importSafetensors(
                write(dir, w), Architecture.RESNET20, IN, null, new float[] {0.5f}, new float[] {0.25f});
        assertEquals(src.weights(), m.weights());
        assertEquals(
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                m.manifest().classes());
        ModelFiles.write(m, dir.resolve("m.rbm"));
        try (Network net = ModelFiles.read(dir.resolve("m.rbm")).toNetwork()) {
            assertEquals(src.weights(), net.weights());
        }
    }

    @Test
    void wrongArchitectureOrShapesAreNamed(@TempDir Path dir) throws IOException {
        Path lenet = write(
                dir,
                new LinkedHashMap<>(TestModels.random(Architecture.LENET5, 1).weights()));
        ModelFileException e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.importSafetensors(
                        lenet, Architecture.RESNET20, IN, null, new float[] {0}, new float[] {1}));
        assertTrue(
                e.getMessage().contains("'conv1.weight' has shape [6, 1, 5, 5], expected [16, 1, 3, 3]"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("does not fit resnet20 (the names are those of lenet5), 106 problems: "),
                e.getMessage());

        LinkedHashMap<String, Tensor> w =
                new LinkedHashMap<>(TestModels.random(Architecture.RESNET20, 2).weights());
        w.put("layer2.0.conv1.weight", new Tensor(new int[] {32, 16, 1, 1}, new float[512]));
        Path bad = write(dir, w);
        e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.importSafetensors(
                        bad, Architecture.RESNET20, IN, null, new float[] {0}, new float[] {1}));
        assertTrue(
                e.getMessage()
                        .endsWith(", 1 problem: 'layer2.0.conv1.weight' has shape [32, 16, 1, 1], "
                                + "expected [32, 16, 3, 3]"),
                e.getMessage());
    }

    @Test
    void classNamesMustMatchTheClassifier(@TempDir Path dir) throws IOException {
        Path f = write(
                dir,
                new LinkedHashMap<>(TestModels.random(Architecture.RESNET20, 3).weights()));
        ModelFileException e = assertThrows(
                ModelFileException.class,
                () -> ModelFiles.importSafetensors(
                        f, Architecture.RESNET20, IN, List.of("a", "b"), new float[] {0}, new float[] {1}));
        assertTrue(e.getMessage().contains("10 outputs but 2 class names"), e.getMessage());
    }
}
