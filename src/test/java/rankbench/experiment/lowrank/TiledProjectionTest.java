package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import rankbench.experiment.model.Tensor;

class TiledProjectionTest {

    private static Matrix block(Matrix m, int c0, int c1) {
        Matrix b = Matrix.zeros(m.rows(), c1 - c0);
        for (int i = 0; i < m.rows(); i++) {
            for (int j = c0; j < c1; j++) {
                b.set(i, j - c0, m.get(i, j));
            }
        }
        return b;
    }

    @ParameterizedTest
    @CsvSource({"1, 5", "3, 4", "4, 2", "7, 1"})
    void everyTileHasAtMostItsRankAndTheErrorIsTheSumOfTheTileTails(int tiles, int tileRank) {
        Tensor w = Fixtures.random(11, 16, 12, 3, 3); // R1 view 16 x 108
        Tensor p = Projection.projectTiled(w, Scheme.CHANNEL, tiles, tileRank);
        Matrix before = MatrixViews.toMatrix(w, Scheme.CHANNEL);
        Matrix after = MatrixViews.toMatrix(p, Scheme.CHANNEL);
        double expected = 0;
        for (int t = 0; t < tiles; t++) {
            int c0 = Projection.tileStart(before.cols(), tiles, t);
            int c1 = Projection.tileStart(before.cols(), tiles, t + 1);
            double[] s = Svd.values(block(before, c0, c1));
            for (int i = tileRank; i < s.length; i++) {
                expected += s[i] * s[i];
            }
            double[] sa = Svd.values(block(after, c0, c1));
            for (int i = tileRank; i < sa.length; i++) {
                assertTrue(sa[i] < 1e-4 * sa[0], "tile " + t + " has rank above " + tileRank);
            }
        }
        // weights are float32: compare the error identity at float precision
        assertEquals(Math.sqrt(expected), before.distance(after), 1e-4 * before.frobeniusNorm());
    }

    @Test
    void tiledProjectionIsIdempotent() {
        Tensor w = Fixtures.random(12, 8, 8, 3, 3);
        Tensor once = Projection.projectTiled(w, Scheme.SPATIAL, 3, 2);
        Tensor twice = Projection.projectTiled(once, Scheme.SPATIAL, 3, 2);
        assertArrayEquals(once.shape(), twice.shape());
        for (int i = 0; i < once.size(); i++) {
            assertEquals(once.data()[i], twice.data()[i], 1e-5f);
        }
    }

    @ParameterizedTest
    @CsvSource({"16, 144, 2, 8", "64, 576, 4, 20", "32, 288, 8, 3", "16, 144, 16, 1"})
    void tileRanksNeverStoreMoreThanTheMatchingFactorization(int m, int n, int tiles, int rank) {
        int rt = Projection.tileRank(m, n, tiles, rank);
        long tileCost = (long) tiles * m + n; // storage per unit of tile rank: T (m + n/T)
        assertTrue(rt == 1 || rt * tileCost <= (long) rank * (m + n), "tiles store more than rank " + rank);
        assertTrue((rt + 1) * tileCost > (long) rank * (m + n), "tile rank " + rt + " is not the largest that fits");
    }

    @Test
    void badTilingIsRejected() {
        Tensor w = Fixtures.random(13, 4, 4, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> Projection.projectTiled(w, Scheme.CHANNEL, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Projection.projectTiled(w, Scheme.CHANNEL, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Projection.projectTiled(w, Scheme.TUCKER2, 2, 1));
    }
}
