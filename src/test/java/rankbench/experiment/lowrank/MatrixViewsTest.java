package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rankbench.experiment.model.Tensor;

class MatrixViewsTest {

    // Cout=5, Cin=3, kh=3, kw=2: every dimension different, so any mixed-up index shows.
    private static final Tensor W = Fixtures.random(1, 5, 3, 3, 2);

    @ParameterizedTest
    @EnumSource(
            value = Scheme.class,
            names = {"CHANNEL", "SPATIAL", "SPATIAL_VH", "INPUT"})
    void convViewRoundTripIsBitExact(Scheme s) {
        Matrix m = MatrixViews.toMatrix(W, s);
        assertEquals(W, MatrixViews.toTensor(m, s, W.shape()));
    }

    @Test
    void viewsHaveTheShapesOfMethodsTable() {
        assertArrayEquals(new int[] {5, 18}, shape(MatrixViews.toMatrix(W, Scheme.CHANNEL)));
        assertArrayEquals(new int[] {15, 6}, shape(MatrixViews.toMatrix(W, Scheme.SPATIAL)));
        assertArrayEquals(new int[] {9, 10}, shape(MatrixViews.toMatrix(W, Scheme.SPATIAL_VH)));
        assertArrayEquals(new int[] {30, 3}, shape(MatrixViews.toMatrix(W, Scheme.INPUT)));
        assertArrayEquals(new int[] {3, 30}, shape(MatrixViews.modeUnfolding(W, 1)));
    }

    @Test
    void entriesFollowTheIndexMaps() {
        int kh = 3;
        int kw = 2;
        Matrix r1 = MatrixViews.toMatrix(W, Scheme.CHANNEL);
        Matrix r2 = MatrixViews.toMatrix(W, Scheme.SPATIAL);
        Matrix r2vh = MatrixViews.toMatrix(W, Scheme.SPATIAL_VH);
        Matrix r3 = MatrixViews.toMatrix(W, Scheme.INPUT);
        Matrix m1 = MatrixViews.modeUnfolding(W, 1);
        for (int n = 0; n < 5; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double w = W.data()[((n * 3 + c) * kh + i) * kw + j];
                        assertEquals(w, r1.get(n, (c * kh + i) * kw + j));
                        assertEquals(w, r2.get(n * kh + i, c * kw + j));
                        assertEquals(w, r2vh.get(c * kh + i, n * kw + j));
                        assertEquals(w, r3.get((n * kh + i) * kw + j, c));
                        assertEquals(w, m1.get(c, (n * kh + i) * kw + j));
                    }
                }
            }
        }
    }

    @Test
    void spatialViewsAreDifferentMatrices() {
        Matrix r2 = MatrixViews.toMatrix(W, Scheme.SPATIAL);
        Matrix r2vh = MatrixViews.toMatrix(W, Scheme.SPATIAL_VH);
        assertEquals(false, r2.transpose().equals(r2vh));
    }

    @Test
    void modeUnfoldingsRoundTripBitExact() {
        assertEquals(W, MatrixViews.fold(MatrixViews.modeUnfolding(W, 0), 0, W.shape()));
        assertEquals(W, MatrixViews.fold(MatrixViews.modeUnfolding(W, 1), 1, W.shape()));
    }

    @Test
    void linearWeightIsItsOwnOutByInMatrix() {
        Tensor fc = Fixtures.random(2, 7, 4);
        Matrix m = MatrixViews.toMatrix(fc, Scheme.LINEAR);
        assertArrayEquals(new int[] {7, 4}, shape(m));
        assertEquals(fc.data()[1 * 4 + 2], m.get(1, 2));
        assertEquals(fc, MatrixViews.toTensor(m, Scheme.LINEAR, fc.shape()));
    }

    @Test
    void wrongMatrixShapeIsRejectedWithAClearMessage() {
        Matrix m = Matrix.zeros(4, 4);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MatrixViews.toTensor(m, Scheme.CHANNEL, W.shape()));
        assertEquals(true, e.getMessage().contains("channel view"));
    }

    @Test
    void schemeNamesParse() {
        assertEquals(Scheme.SPATIAL_VH, Scheme.fromId("spatial-vh"));
        assertEquals(Scheme.SPATIAL_VH, Scheme.fromId("SPATIAL_VH"));
        assertThrows(IllegalArgumentException.class, () -> Scheme.fromId("diagonal"));
    }

    private static int[] shape(Matrix m) {
        return new int[] {m.rows(), m.cols()};
    }
}
