package rankbench.experiment.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SvdTest {

    @ParameterizedTest
    @CsvSource({"16, 144", "96, 48", "10, 64", "7, 7"})
    void thinSvdReconstructsWithOrthonormalFactorsAndDescendingValues(int m, int n) {
        Matrix a = Fixtures.randomMatrix(m * 31L + n, m, n);
        Svd.Decomposition d = Svd.thin(a);
        int p = Math.min(m, n);
        assertEquals(p, d.p());
        Matrix back = d.truncate(p);
        assertTrue(a.distance(back) <= 1e-10 * a.frobeniusNorm(), "reconstruction error " + a.distance(back));
        assertIdentity(Svd.multiply(d.u(), true, d.u(), false));
        assertIdentity(Svd.multiply(d.vt(), false, d.vt(), true));
        for (int k = 1; k < p; k++) {
            assertTrue(d.s()[k - 1] >= d.s()[k]);
        }
        assertTrue(d.s()[p - 1] >= 0);
    }

    @Test
    void valuesOnlyRoutesAgreeWithTheFullSvd() {
        Matrix a = Fixtures.randomMatrix(5, 64, 576);
        double[] s = Svd.thin(a).s();
        double[] exact = Svd.values(a);
        double[] fast = Svd.fastValues(a);
        double[] fastTall = Svd.fastValues(a.transpose());
        for (int k = 0; k < s.length; k++) {
            assertEquals(s[k], exact[k], 1e-10 * s[0]);
            assertEquals(s[k], fast[k], 1e-7 * s[0]);
            assertEquals(s[k], fastTall[k], 1e-7 * s[0]);
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "5", "17", "40"})
    void truncationErrorIsTheNormOfTheDiscardedValues(int r) {
        Matrix a = Fixtures.randomMatrix(9, 40, 90);
        Svd.Decomposition d = Svd.thin(a);
        Matrix t = d.truncate(r);
        assertEquals(Svd.tailNorm(d.s(), r), a.distance(t), 1e-10 * a.frobeniusNorm());
        // the truncation has rank r: its (r+1)-th singular value vanishes
        double[] st = Svd.values(t);
        if (r < st.length) {
            assertEquals(0.0, st[r], 1e-10 * st[0]);
        }
    }

    @Test
    void splitFactorsMultiplyToTheTruncation() {
        Matrix a = Fixtures.randomMatrix(3, 12, 20);
        Svd.Decomposition d = Svd.thin(a);
        Matrix ab = Svd.multiply(d.left(6, 0.5), false, d.right(6, 0.5), false);
        assertTrue(ab.distance(d.truncate(6)) < 1e-12);
    }

    @Test
    void energyAndValueRanksFollowTheirDefinitions() {
        double[] s = {4, 2, 1, 0.5};
        // energies 16, 4, 1, 0.25 of 21.25
        assertEquals(1, Svd.energyRank(s, 0.5));
        assertEquals(2, Svd.energyRank(s, 0.9));
        assertEquals(3, Svd.energyRank(s, 0.98));
        assertEquals(4, Svd.energyRank(s, 1.0));
        assertEquals(2, Svd.valueRank(s, 2));
        assertEquals(0, Svd.valueRank(s, 5));
    }

    private static void assertIdentity(Matrix m) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                assertEquals(i == j ? 1.0 : 0.0, m.get(i, j), 1e-12);
            }
        }
    }
}
