package rankbench.experiment.training;

import java.util.List;
import java.util.SplittableRandom;
import rankbench.experiment.data.ImageDataset;
import rankbench.experiment.data.Normalization;

/** Small labeled image sets for engine tests. */
final class SyntheticData {

    private SyntheticData() {}

    /**
     * Images of 1 x size x size where class c has a bright square in one of four quadrants plus noise:
     * learnable within a few dozen steps.
     */
    static ImageDataset quadrants(int n, int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] px = new byte[n * size * size];
        int[] labels = new int[n];
        int half = size / 2;
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(4);
            labels[i] = c;
            int y0 = (c / 2) * half;
            int x0 = (c % 2) * half;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean in = y >= y0 && y < y0 + half && x >= x0 && x < x0 + half;
                    int v = (in ? 160 : 30) + rnd.nextInt(60);
                    px[i * size * size + y * size + x] = (byte) v;
                }
            }
        }
        return new ImageDataset("quadrants", 1, size, size, px, labels, List.of("tl", "tr", "bl", "br"));
    }

    static Normalization norm() {
        return new Normalization(new float[] {0.4f}, new float[] {0.25f});
    }
}
