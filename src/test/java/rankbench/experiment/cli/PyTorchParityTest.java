package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rankbench.experiment.lowrank.Factorizer;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.RankPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.NetworkSpec;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * Both directions of the PyTorch round trip, checked against real PyTorch: a ResNet-20 defined and
 * initialized in PyTorch imports with the same logits, and RankBench models (dense and factorized
 * with every scheme) exported with {@code export --format pytorch} and rebuilt by
 * {@code tools/rankbench_torch.py} give RankBench's logits. Skipped where no Python with torch exists
 * (Debian: {@code apt-get install python3-torch}; or set {@code RANKBENCH_PYTHON} to the interpreter).
 */
@Tag("engine")
class PyTorchParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final Path SCRIPT = Path.of("src/test/resources/rankbench/parity/torch_parity.py");
    private static final Path TOOLS = Path.of("tools");
    private static final FeatureShape IN = new FeatureShape(1, 12, 12);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String python;
    private static String skipReason;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonWithTorch() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("RANKBENCH_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env); // RANKBENCH_PYTHON=none: run as if PyTorch were absent
        } else {
            candidates.add("/usr/bin/python3");
            candidates.add("python3");
        }
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = c;
                    return;
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        skipReason = "PyTorch parity tests skipped: no Python with torch found (tried " + candidates
                + "); install python3-torch or set RANKBENCH_PYTHON";
        System.out.println(skipReason);
    }

    @BeforeEach
    void needsPyTorch() {
        Assumptions.assumeTrue(python != null, skipReason);
    }

    private static String runPython(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), TOOLS.toString()));
        cmd.addAll(List.of(args));
        return python(0, cmd);
    }

    /** Runs {@code python ARGS}, expects {@code exit} as exit code and returns the output. */
    private static String python(int exit, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out: " + out);
        assertEquals(exit, p.exitValue(), "python " + cmd + ":\n" + out);
        return out;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + ": " + err);
        return out.toString();
    }

    private static Map<String, Tensor> readTensors(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SafeTensors.read(in, file.toString());
        }
    }

    private static float[] logits(SavedModel model, Tensor input) {
        try (Network net = model.toNetwork();
                NDManager m = net.manager().newSubManager()) {
            int[] s = input.shape();
            return net.forward(m.create(input.data(), new Shape(s[0], s[1], s[2], s[3])), false)
                    .toFloatArray();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "logit count");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet20:1x12x12", "resnet18:3x32x32"})
    void aPyTorchModelImportsWithPyTorchsLogits(String nameAndInput) throws Exception {
        String name = nameAndInput.substring(0, nameAndInput.indexOf(':'));
        String input = nameAndInput.substring(name.length() + 1);
        runPython(name, dir.toString(), input.substring(input.lastIndexOf('x') + 1));
        Path rbm = dir.resolve(name + ".rbm");
        // no --arch: it comes from the names (and, for the two ResNet-18 stems, conv1's kernel)
        cli("import", dir.resolve(name + ".safetensors").toString(), "--input", input, "--out", rbm.toString());
        Map<String, Tensor> io = readTensors(dir.resolve("io.safetensors"));
        SavedModel imported = ModelFiles.read(rbm);
        assertEquals(
                name.equals("resnet20") ? "resnet20" : "resnet18-imagenet",
                imported.manifest().architecture());
        double diff = maxAbsDiff(io.get("logits").data(), logits(imported, io.get("input")));
        System.out.printf(
                "PyTorch %s -> import: max |logit difference| %.3g (max |logit| %.3g)%n",
                name,
                diff,
                maxAbsDiff(io.get("logits").data(), new float[io.get("logits").size()]));
        assertTrue(diff <= TOLERANCE, "max |logit difference| " + diff);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnet20:dense",
                "resnet20:channel",
                "resnet20:spatial",
                "resnet20:spatial-vh",
                "resnet20:tucker2",
                "lenet5:dense",
                "lenet5:spatial",
                "vgg16:dense",
                "resnet18:dense",
                "resnet18-imagenet:dense"
            })
    void anExportedModelRebuiltInPyTorchGivesRankBenchsLogits(String archAndScheme) throws Exception {
        Architecture arch = Architecture.fromId(archAndScheme.substring(0, archAndScheme.indexOf(':')));
        String scheme = archAndScheme.split(":")[1];
        SavedModel model =
                scheme.equals("dense") ? randomModel(arch) : factorize(randomModel(arch), Scheme.fromId(scheme));
        Path rbm = dir.resolve("m.rbm");
        ModelFiles.write(model, rbm);
        Path export = dir.resolve("export");
        cli("export", "--format", "pytorch", "--model", rbm.toString(), "--out", export.toString());

        Tensor input = randomInput(3, 11);
        LinkedHashMap<String, Tensor> io = new LinkedHashMap<>();
        io.put("input", input);
        Files.write(dir.resolve("in.safetensors"), SafeTensors.toBytes(io, null));
        String line = runPython(
                "rebuild",
                export.toString(),
                dir.resolve("in.safetensors").toString(),
                dir.resolve("out.safetensors").toString());
        JsonNode meta = JSON.readTree(line.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertFalse(meta.get("training").asBoolean(), "the module is in eval mode");
        assertEquals(model.manifest().classes().size(), meta.get("classes").size());
        assertEquals(
                model.manifest().classes().get(3), meta.get("classes").get(3).asText());
        assertEquals(0.25, meta.get("mean").get(0).asDouble(), 1e-7);
        assertEquals(0.5, meta.get("std").get(0).asDouble(), 1e-7);
        assertEquals(
                NetworkSpec.parameterCount(model.manifest().network()),
                meta.get("parameters").asLong());

        float[] torch =
                readTensors(dir.resolve("out.safetensors")).get("logits").data();
        double diff = maxAbsDiff(logits(model, input), torch);
        double scale = maxAbsDiff(torch, new float[torch.length]);
        System.out.printf(
                "RankBench %s -> export -> rankbench_torch.py: max |logit difference| %.3g (max |logit| %.3g)%n",
                archAndScheme, diff, scale);
        assertTrue(diff <= TOLERANCE, archAndScheme + ": max |logit difference| " + diff);
    }

    /** A model with every parameter and running statistic random (so batch norm really matters). */
    private static SavedModel randomModel(Architecture arch) {
        List<String> classes = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        ModelManifest m = new ModelManifest(
                ModelFiles.FORMAT_VERSION,
                arch.id(),
                IN,
                classes,
                new float[] {0.25f},
                new float[] {0.5f},
                arch.build(IN, 10),
                null,
                null);
        SavedModel base;
        try (Network net = Network.create(m.network(), IN, 3)) {
            base = SavedModel.of(net, m);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>();
        base.weights().forEach((name, t) -> {
            float[] v = t.data().clone();
            for (int i = 0; i < v.length; i++) {
                if (name.endsWith("running_var")) {
                    v[i] = (float) rnd.nextDouble(0.5, 1.5);
                } else if (name.endsWith("running_mean") || name.endsWith("bias")) {
                    v[i] = (float) rnd.nextDouble(-0.2, 0.2);
                } else if (t.shape().length == 1) {
                    v[i] = (float) rnd.nextDouble(0.5, 1.5); // batch-norm scale
                }
            }
            w.put(name, new Tensor(t.shape().clone(), v));
        });
        return new SavedModel(m, w);
    }

    /** Factorizes every conv with {@code scheme} (small ranks) and every linear layer. */
    private static SavedModel factorize(SavedModel model, Scheme scheme) {
        Map<String, LayerPlan> plan = new LinkedHashMap<>();
        for (LayerInfo l : NetworkSpec.layers(model.manifest().network(), IN)) {
            List<Integer> s = l.weightShape();
            if (!l.isConv()) {
                plan.put(l.name(), LayerPlan.of(Scheme.LINEAR, 4));
            } else if (scheme == Scheme.TUCKER2) {
                plan.put(l.name(), LayerPlan.tucker2(Math.max(1, s.get(0) / 2), Math.max(1, s.get(1) / 2)));
            } else {
                plan.put(l.name(), LayerPlan.of(scheme, 2));
            }
        }
        SavedModel f = Factorizer.factorize(model, new RankPlan(plan));
        String first = NetworkSpec.layers(model.manifest().network(), IN).get(1).name();
        assertTrue(
                f.weights().containsKey(first + ".1.weight"),
                "factorized names: " + f.weights().keySet());
        return f;
    }

    private static Tensor randomInput(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n * IN.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-2, 2);
        }
        return new Tensor(new int[] {n, IN.channels(), IN.height(), IN.width()}, v);
    }

    @Test
    void rankbenchTorchWritesOnnxAndNamesEveryMismatchedTensor() throws Exception {
        Path rbm = dir.resolve("lenet.rbm");
        ModelFiles.write(randomModel(Architecture.LENET5), rbm);
        Path export = dir.resolve("export");
        cli("export", "--model", rbm.toString(), "--out", export.toString());
        Path onnx = dir.resolve("lenet.onnx");
        String out = python(
                0,
                List.of(TOOLS.resolve("rankbench_torch.py").toString(), export.toString(), "--onnx", onnx.toString()));
        assertTrue(out.contains("lenet5: input [1, 12, 12], 10 classes, 61,706 parameters"), out);
        byte[] head = Files.readAllBytes(onnx);
        assertEquals(0x08, head[0], "an ONNX ModelProto starts with ir_version (field 1, varint)");

        // a description that no longer fits the weights: every mismatch is named, with both shapes
        Path json = export.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json)
                        .replace("\"outFeatures\" : 84", "\"outFeatures\" : 80")
                        .replace("\"inFeatures\" : 84", "\"inFeatures\" : 80"));
        out = python(1, List.of(TOOLS.resolve("rankbench_torch.py").toString(), export.toString()));
        assertTrue(out.contains("'fc2.weight' has shape [84, 120], expected [80, 120]"), out);
        assertTrue(out.contains("'fc3.weight' has shape [10, 84], expected [10, 80]"), out);
    }
}
