package rankbench.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.NameMap;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SafetensorsImport;
import rankbench.experiment.model.SafetensorsImport.Question;
import rankbench.experiment.model.Tensor;

/** The import form without the toolkit: what is asked for a probed file, and which answers enable OK. */
class SafetensorsImportViewModelTest {

    @TempDir
    Path dir;

    /** Writes a zero state dict of {@code arch} (names optionally prefixed) and returns its path. */
    private Path stateDict(String name, Architecture arch, FeatureShape in, int classes, String prefix)
            throws IOException {
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e :
                ParameterShapes.of(arch.build(in, classes)).entrySet()) {
            int n = 1;
            for (int d : e.getValue()) {
                n *= d;
            }
            w.put(prefix + e.getKey(), new Tensor(e.getValue(), new float[n]));
        }
        Path f = dir.resolve(name);
        Files.write(f, SafeTensors.toBytes(w, null));
        return f;
    }

    private static SafetensorsImportViewModel form(Path file) {
        return new SafetensorsImportViewModel(
                SafetensorsImport.probe(file, NameMap.NONE),
                TaskExecutor.currentThread(),
                Runnable::run,
                SafetensorsImport::probe);
    }

    private SafetensorsImportViewModel resnet20() throws IOException {
        return form(stateDict("r20.safetensors", Architecture.RESNET20, new FeatureShape(1, 28, 28), 10, ""));
    }

    @Test
    void aLeNetFileOfLargeImagesAsksOnlyClassNamesAndNormalizationAndIsPrefilledValid() throws IOException {
        // LeNet-5 on 64x64 images: fc1 has 16x13x13 inputs, so only one common size fits
        SafetensorsImportViewModel f =
                form(stateDict("lenet.safetensors", Architecture.LENET5, new FeatureShape(1, 64, 64), 10, ""));
        assertEquals(EnumSet.of(Question.CLASS_NAMES, Question.NORMALIZATION), f.questions());
        assertEquals(Architecture.LENET5, f.architectureProperty().get());
        assertEquals(
                List.of("1", "64", "64"),
                List.of(
                        f.channelsProperty().get(),
                        f.heightProperty().get(),
                        f.widthProperty().get()));
        assertEquals(ClassNamePreset.FASHION_MNIST, f.classPresetProperty().get());
        assertEquals(
                NormalizationPreset.FASHION_MNIST,
                f.normalizationPresetProperty().get());
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        ImportAnswers a = f.answers();
        assertEquals(new FeatureShape(1, 64, 64), a.input());
        assertEquals(ClassNamePreset.FASHION_MNIST.names(), a.classNames());
        assertEquals(0.2860f, a.mean()[0]);
        assertEquals(0.3530f, a.std()[0]);
    }

    @Test
    void aPooledResNetAlsoAsksTheInputSize() throws IOException {
        SafetensorsImportViewModel f = resnet20();
        assertEquals(EnumSet.of(Question.INPUT_SIZE, Question.CLASS_NAMES, Question.NORMALIZATION), f.questions());
        assertEquals(Architecture.RESNET20, f.architectureProperty().get());
        assertTrue(f.validProperty().get(), f.messageProperty().get());
    }

    @Test
    void unknownNamesAskTheArchitectureAndOkStaysDisabledUntilOneIsChosen() throws IOException {
        SafetensorsImportViewModel f = form(
                stateDict("foreign.safetensors", Architecture.RESNET20, new FeatureShape(3, 32, 32), 10, "backbone."));
        assertEquals(EnumSet.allOf(Question.class), f.questions());
        assertNull(f.architectureProperty().get());
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("architecture"),
                f.messageProperty().get());
        assertThrows(IllegalStateException.class, f::answers);
        f.architectureProperty().set(Architecture.RESNET20);
        f.channelsProperty().set("3");
        f.normalizationPresetProperty().set(NormalizationPreset.CIFAR10);
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        assertEquals("0.4914, 0.4822, 0.4465", f.meanProperty().get());
    }

    @Test
    void aNameMapProbesAgainAndPreselectsTheArchitectureItReveals() throws IOException {
        SafetensorsImportViewModel f = form(
                stateDict("foreign.safetensors", Architecture.RESNET20, new FeatureShape(3, 32, 32), 10, "backbone."));
        Path map = dir.resolve("map.json");
        Files.writeString(map, "{\"backbone.\": \"\"}");
        f.nameMapProperty().set(map);
        assertEquals(Architecture.RESNET20, f.architectureProperty().get());
        assertEquals("3", f.channelsProperty().get());
        assertFalse(f.asks(Question.ARCHITECTURE));
        f.classPresetProperty().set(ClassNamePreset.CIFAR10);
        f.normalizationPresetProperty().set(NormalizationPreset.CIFAR10);
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        assertEquals(map, f.answers().nameMap());
    }

    @Test
    void aMissingNameMapFileDisablesOk() throws IOException {
        SafetensorsImportViewModel f = resnet20();
        f.nameMapProperty().set(dir.resolve("nope.json"));
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("nope.json"),
                f.messageProperty().get());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|28|28|whole numbers",
                "1|abc|28|whole numbers",
                "1|28|-5|whole numbers",
                "3|32|32|takes 1 channel, not 3"
            })
    void anInvalidInputShapeDisablesOkWithAMessage(String c, String h, String w, String expected) throws IOException {
        SafetensorsImportViewModel f = resnet20();
        f.normalizationPresetProperty().set(NormalizationPreset.NONE);
        f.channelsProperty().set(c);
        f.heightProperty().set(h);
        f.widthProperty().set(w);
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains(expected),
                f.messageProperty().get());
        f.channelsProperty().set("1");
        f.heightProperty().set("32");
        f.widthProperty().set("32");
        assertTrue(f.validProperty().get(), f.messageProperty().get());
    }

    @Test
    void leNetWeightsFitOnlyTheirOwnInputSize() throws IOException {
        SafetensorsImportViewModel f =
                form(stateDict("lenet.safetensors", Architecture.LENET5, new FeatureShape(1, 64, 64), 10, ""));
        f.heightProperty().set("32");
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("fit only 1x64x64"),
                f.messageProperty().get());
        f.heightProperty().set("64");
        assertTrue(f.validProperty().get(), f.messageProperty().get());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a, b, c|10 outputs, but 3 names",
                "a, b, a, c, d, e, f, g, h, i|'a' appears twice",
                "a, , c, d, e, f, g, h, i, j|empty name",
                "''|type the names"
            })
    void invalidCustomClassNamesDisableOk(String names, String expected) throws IOException {
        SafetensorsImportViewModel f = resnet20();
        f.classPresetProperty().set(ClassNamePreset.CUSTOM);
        f.classNamesProperty().set(names);
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains(expected),
                f.messageProperty().get());
        f.classNamesProperty().set("a, b, c, d, e, f, g, h, i, j");
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        assertEquals(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                f.answers().classNames());
    }

    @Test
    void aDatasetPresetWithAnotherClassCountDisablesOk() throws IOException {
        SafetensorsImportViewModel f =
                form(stateDict("r20-100.safetensors", Architecture.RESNET20, new FeatureShape(1, 28, 28), 100, ""));
        f.classPresetProperty().set(ClassNamePreset.FASHION_MNIST);
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("100 outputs"),
                f.messageProperty().get());
        f.classPresetProperty().set(ClassNamePreset.NUMBERED);
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        assertEquals(List.of(), f.answers().classNames());
    }

    @Test
    void normalizationMustHaveOneValidValuePerChannel() throws IOException {
        SafetensorsImportViewModel f = resnet20();
        f.normalizationPresetProperty().set(NormalizationPreset.CIFAR10);
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("3-channel"),
                f.messageProperty().get());
        f.normalizationPresetProperty().set(NormalizationPreset.CUSTOM);
        f.meanProperty().set("0.5, 0.5");
        f.stdProperty().set("0.25");
        assertFalse(f.validProperty().get());
        assertTrue(
                f.messageProperty().get().contains("one value per input channel"),
                f.messageProperty().get());
        f.meanProperty().set("0.5");
        f.stdProperty().set("0");
        assertFalse(f.validProperty().get());
        f.stdProperty().set("x");
        assertFalse(f.validProperty().get());
        f.stdProperty().set("0.25");
        assertTrue(f.validProperty().get(), f.messageProperty().get());
        assertEquals(0.25f, f.answers().std()[0]);
    }

    @Test
    void answersRoundTripThroughText() {
        ImportAnswers a = new ImportAnswers(
                Architecture.RESNET18_IMAGENET,
                new FeatureShape(3, 224, 224),
                List.of("a=b", "c, d", "T-shirt/top"),
                new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f},
                Path.of("/tmp/map one.json"));
        assertEquals(a, ImportAnswers.parse(a.toText()));
        ImportAnswers none = new ImportAnswers(
                Architecture.LENET5, new FeatureShape(1, 28, 28), List.of(), new float[] {0f}, new float[] {1f}, null);
        assertEquals(none, ImportAnswers.parse(none.toText()));
        assertThrows(IllegalArgumentException.class, () -> ImportAnswers.parse("architecture=resnet20\n"));
    }
}
