package rankbench.charts;

import java.util.ArrayList;
import java.util.List;
import rankbench.viewmodel.RankCell;
import rankbench.viewmodel.RankLearningViewModel.RankStep;
import rankbench.viewmodel.RankRow;

/**
 * Realistic synthetic rank data for chart tests and pictures: ResNet-20's 18 block convolutions (full rank
 * 16, 32 and 64 by stage) whose ranks shrink over a run, two of them Tucker-2.
 */
final class SyntheticRanks {

    private SyntheticRanks() {}

    /** The 18 block convolutions of ResNet-20 in forward order ({@code layer1.0.conv1} ...). */
    static List<String> resnet20Layers() {
        List<String> out = new ArrayList<>();
        for (int stage = 1; stage <= 3; stage++) {
            for (int block = 0; block < 3; block++) {
                for (int conv = 1; conv <= 2; conv++) {
                    out.add("layer" + stage + "." + block + ".conv" + conv);
                }
            }
        }
        return out;
    }

    static int fullRank(int layer) {
        return 16 << (layer / 6);
    }

    /** True for the layers drawn as Tucker-2 (two ranks). */
    static boolean tucker(int layer) {
        return layer == 7 || layer == 13;
    }

    /** A history of {@code steps} training steps with a rank update every {@code every} steps. */
    static List<RankStep> history(int steps, int every) {
        List<String> layers = resnet20Layers();
        int n = layers.size();
        List<RankStep> out = new ArrayList<>();
        for (int s = every, i = 0; s <= steps; s += every, i++) {
            double progress = (double) s / steps;
            int[] ranks = new int[n];
            int[] full = new int[n];
            int[] in = new int[n];
            int[] fullIn = new int[n];
            for (int l = 0; l < n; l++) {
                full[l] = fullRank(l);
                // later, wider layers shrink further; every layer's rank settles at about 70 % of the run
                double target = 0.85 - 0.6 * l / (n - 1.0) + 0.1 * Math.sin(l);
                double f = 1 - (1 - target) * Math.min(1, progress / 0.7);
                ranks[l] = Math.max(1, (int) Math.round(f * full[l]));
                in[l] = tucker(l) ? Math.max(1, (int) Math.round(f * 0.8 * full[l])) : -1;
                fullIn[l] = tucker(l) ? full[l] : 0;
            }
            out.add(new RankStep(i, s, i % 4 == 3 ? "c-step" : "projection", ranks, full, in, fullIn, s * 8 / steps));
        }
        return out;
    }

    /** Rank rows of compared runs with these ids and methods (a scaled copy of the final ranks per run). */
    static List<RankRow> rows(List<String> runIds, List<String> methods, List<Double> scales) {
        List<String> layers = resnet20Layers();
        RankStep last = history(2000, 50).get(39);
        List<RankRow> rows = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            List<RankCell> cells = new ArrayList<>();
            for (int r = 0; r < runIds.size(); r++) {
                int rank = Math.max(1, Math.min(fullRank(l), (int) Math.round(last.ranks()[l] * scales.get(r))));
                cells.add(new RankCell(
                        runIds.get(r), runIds.get(r), String.valueOf(rank), rank, null, "channel", methods.get(r)));
            }
            rows.add(new RankRow(layers.get(l), cells));
        }
        return rows;
    }
}
