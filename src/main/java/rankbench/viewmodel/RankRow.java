package rankbench.viewmodel;

import java.util.List;

/**
 * One layer of the rank comparison: its rank in each compared run, in the order of the compared runs.
 *
 * @param layer PyTorch-style layer name
 * @param cells one per compared run
 */
public record RankRow(String layer, List<RankCell> cells) {

    /** Copies the cells. */
    public RankRow {
        cells = List.copyOf(cells);
    }
}
