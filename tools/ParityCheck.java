import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.Network;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.Tensor;

/** Compares RankBench's logits for an imported PyTorch model with PyTorch's own (see pytorch_parity.py). */
public class ParityCheck {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Tensor x;
        Tensor expected;
        try (InputStream in = Files.newInputStream(dir.resolve("io.safetensors"))) {
            var io = SafeTensors.read(in, "io.safetensors");
            x = io.get("input");
            expected = io.get("logits");
        }
        try (Network net = ModelFiles.read(dir.resolve("r20.rbm")).toNetwork();
                NDManager m = net.manager().newSubManager()) {
            float[] got = net.forward(m.create(x.data(), new Shape(4, 1, 28, 28)), false).toFloatArray();
            double max = 0;
            for (int i = 0; i < got.length; i++) {
                max = Math.max(max, Math.abs(got[i] - expected.data()[i]));
            }
            System.out.printf("max |logit difference| RankBench vs PyTorch: %.3g over %d logits%n", max, got.length);
        }
    }
}
