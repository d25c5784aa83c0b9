package rankbench.viewmodel;

import java.util.ArrayList;
import java.util.List;
import rankbench.experiment.lowrank.LayerPlan;
import rankbench.experiment.lowrank.Scheme;
import rankbench.experiment.session.Run;

/** Per-layer ranks of two or more runs side by side (no JavaFX). */
public final class RunComparison {

    private RunComparison() {}

    /**
     * Returns the layers named in the runs' plans in forward order. Each plan lists its layers in forward
     * order; the lists are merged so that a layer only some plans name lands after the layer that precedes
     * it in its own plan.
     */
    public static List<String> layers(List<Run> runs) {
        List<String> out = new ArrayList<>();
        for (Run r : runs) {
            int insertAt = 0;
            for (String layer : r.plan().layers().keySet()) {
                int i = out.indexOf(layer);
                if (i >= 0) {
                    insertAt = i + 1;
                } else {
                    out.add(insertAt, layer);
                    insertAt++;
                }
            }
        }
        return out;
    }

    /** Returns one row per layer of {@link #layers}, one cell per run in the given order. */
    public static List<RankRow> rows(List<Run> runs) {
        List<RankRow> rows = new ArrayList<>();
        for (String layer : layers(runs)) {
            List<RankCell> cells = new ArrayList<>();
            for (Run r : runs) {
                cells.add(withMethod(cell(r.id(), RunFormat.name(r), r.plan().get(layer)), r.method()));
            }
            rows.add(new RankRow(layer, cells));
        }
        return rows;
    }

    private static RankCell withMethod(RankCell c, String method) {
        return new RankCell(c.runId(), c.runName(), c.text(), c.rank(), c.inRank(), c.scheme(), method);
    }

    /** The cell of one layer plan: {@code "8"}, {@code "Ro/Ri"} for Tucker-2, or {@code "dense"}. */
    static RankCell cell(String runId, String runName, LayerPlan p) {
        if (p == null || !p.factorized()) {
            return new RankCell(runId, runName, "dense", null, null, null);
        }
        if (p.scheme() == Scheme.TUCKER2) {
            return new RankCell(
                    runId,
                    runName,
                    p.outRank() + "/" + p.inRank(),
                    p.outRank(),
                    p.inRank(),
                    p.scheme().id());
        }
        return new RankCell(
                runId,
                runName,
                String.valueOf(p.rank()),
                p.rank(),
                null,
                p.scheme() == null ? null : p.scheme().id());
    }
}
