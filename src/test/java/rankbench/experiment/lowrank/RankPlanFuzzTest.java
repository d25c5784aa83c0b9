package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.experiment.model.LayerInfo;
import rankbench.experiment.model.NetworkSpec;
import rankbench.fuzz.ByteDamage;
import rankbench.fuzz.Fuzz;
import rankbench.fuzz.Fuzz.Case;
import rankbench.fuzz.Fuzz.Expect;
import rankbench.fuzz.JsonMutations;

/**
 * Reads well over a thousand damaged rank-plan files ({@link RankPlan#read}, the {@code --ranks} option)
 * made by a seeded generator from a valid plan of LeNet-5 that uses every kind of layer plan. Each must
 * end in an {@link IllegalArgumentException} naming the file on one line, or in a plan that writes and
 * reads back unchanged and that {@link RankPlan#resolve} either accepts or refuses with an
 * {@code IllegalArgumentException} (the next step of every command that reads a plan). Report:
 * {@code target/fuzz/rank-plan.txt}.
 */
class RankPlanFuzzTest {

    static final long SEED = 20261206;
    private static final String FILE = "plan.json";

    @TempDir
    Path dir;

    @Test
    void damagedPlansAreRefusedCleanly() throws IOException {
        RankPlan plan = RankPlan.empty()
                .with("conv1", LayerPlan.of(Scheme.CHANNEL, 3))
                .with("conv2", LayerPlan.tucker2(4, 3))
                .with("fc1", LayerPlan.of(Scheme.LINEAR, 10))
                .with("fc2", LayerPlan.dense("too small to pay off"))
                .with("fc3", new LayerPlan(null, 2, null, false, null));
        String json = plan.toJson();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FeatureShape in = new FeatureShape(1, 28, 28);
        List<LayerInfo> layers = NetworkSpec.layers(Architecture.LENET5.build(in, 10), in);
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        cases.add(Case.of("valid", Expect.LOAD, FILE, bytes));
        for (JsonMutations.Variant v : JsonMutations.of(json, 140, rnd)) {
            cases.add(Case.of(
                    v.kind(),
                    v.mustRefuse() ? Expect.REFUSE : Expect.ANY,
                    FILE,
                    v.text().getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 250; i++) {
            cases.add(Case.of("byte-flip", Expect.ANY, FILE, ByteDamage.flipped(bytes, 0, bytes.length, rnd)));
        }
        String[] edits = {
            "\"rank\" : 3",
            "\"rank\" : 0",
            "\"rank\" : -3",
            "\"rank\" : 1e9",
            "\"rank\" : 3.7",
            "\"rank\" : \"3\"",
            "\"rank\" : null",
            "\"rank\" : [3]",
            "\"rank\" : 2147483648",
            "\"rank\" : NaN",
            "\"rank\" : true",
            "\"rank\" : {}"
        };
        for (String e : edits) {
            cases.add(Case.of(
                    "rank-value",
                    Expect.ANY,
                    FILE,
                    json.replaceFirst("\"rank\" : 3", e).getBytes(StandardCharsets.UTF_8)));
        }
        String[] ranks = {
            "[ 4, 3 ]",
            "[ 4 ]",
            "[ 4, 3, 2 ]",
            "[ ]",
            "[ null, 3 ]",
            "[ 0, 3 ]",
            "[ -4, 3 ]",
            "[ 4, 1e10 ]",
            "null",
            "4",
            "[ \"4\", \"3\" ]",
            "[ [4], 3 ]"
        };
        for (String r : ranks) {
            cases.add(Case.of(
                    "tucker-ranks",
                    Expect.ANY,
                    FILE,
                    json.replaceFirst("\\[ 4, 3 \\]", r).getBytes(StandardCharsets.UTF_8)));
        }
        for (String s : new String[] {"CHANNEL", "spatial_vh", " channel ", "", "nope", "tucker2", "linear", "null"}) {
            cases.add(Case.of(
                    "scheme",
                    Expect.ANY,
                    FILE,
                    json.replaceFirst("\"channel\"", s.equals("null") ? s : "\"" + s + "\"")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        for (String layer : new String[] {"conv9", "", "../conv1", "conv1.0", "layer1.0.conv1", "CONV1"}) {
            cases.add(Case.of(
                    "layer-name",
                    Expect.ANY,
                    FILE,
                    json.replaceFirst("\"conv1\"", "\"" + layer + "\"").getBytes(StandardCharsets.UTF_8)));
        }
        cases.add(Case.of(
                "duplicate-layer",
                Expect.REFUSE,
                FILE,
                json.replaceFirst("\"conv1\" : \\{", "\"conv1\" : {\"rank\": 1}, \"conv1\" : {")
                        .getBytes(StandardCharsets.UTF_8)));
        cases.add(Case.of("encoding", Expect.REFUSE, FILE, new byte[] {'{', (byte) 0xC3, 0x28, '}'}));
        cases.add(new Case("not-a-file", Expect.REFUSE, Map.of(), d -> Files.createDirectories(d.resolve(FILE)), ""));
        cases.add(new Case("missing", Expect.REFUSE, Map.of(), null, ""));
        cases.add(new Case(
                "huge-file",
                Expect.REFUSE,
                Map.of(),
                d -> {
                    try (RandomAccessFile f =
                            new RandomAccessFile(d.resolve(FILE).toFile(), "rw")) {
                        f.write(bytes);
                        f.setLength(3L << 30);
                    }
                },
                "3 GB sparse"));
        Fuzz.Report r = Fuzz.run(
                "rank-plan",
                SEED,
                cases,
                dir,
                d -> RankPlan.read(d.resolve(FILE)),
                IllegalArgumentException.class,
                (c, p) -> assertEquals(plan, p),
                (c, p) -> {
                    assertEquals(p, RankPlan.fromJson(p.toJson()));
                    try {
                        RankPlan resolved = p.resolve(layers, Scheme.CHANNEL);
                        assertEquals(resolved, RankPlan.fromJson(resolved.toJson()));
                    } catch (IllegalArgumentException refusedByResolve) {
                        // a plan that does not fit the model is refused with a message: that is the contract
                    }
                });
        Fuzz.assertClean(r, 1000);
    }
}
