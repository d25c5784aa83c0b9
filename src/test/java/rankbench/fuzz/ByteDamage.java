package rankbench.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Byte-level damage shared by the reader fuzz tests: truncations, flips, overwritten fields. */
public final class ByteDamage {

    private ByteDamage() {}

    /**
     * Prefixes of {@code b}: cut at each structural boundary and one byte either side (those inside the
     * file and shorter than it), then at {@code random} random points.
     */
    public static List<byte[]> truncations(byte[] b, Collection<Integer> boundaries, int random, Random rnd) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int m : boundaries) {
            for (int d = -1; d <= 1; d++) {
                if (m + d >= 0 && m + d < b.length) {
                    cuts.add(m + d);
                }
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (int c : cuts) {
            out.add(Arrays.copyOf(b, c));
        }
        for (int i = 0; i < random && b.length > 0; i++) {
            out.add(Arrays.copyOf(b, rnd.nextInt(b.length)));
        }
        return out;
    }

    /** A copy of {@code b} with 1 to 3 bytes in {@code [from, to)} xor-ed with a random non-zero value. */
    public static byte[] flipped(byte[] b, int from, int to, Random rnd) {
        byte[] m = b.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int k = 0; k < flips; k++) {
            m[from + rnd.nextInt(to - from)] ^= (byte) (1 + rnd.nextInt(255));
        }
        return m;
    }

    /** A copy of {@code b} with {@code value} written big-endian (4 bytes) at {@code at}. */
    public static byte[] withIntBE(byte[] b, int at, int value) {
        byte[] m = b.clone();
        m[at] = (byte) (value >>> 24);
        m[at + 1] = (byte) (value >>> 16);
        m[at + 2] = (byte) (value >>> 8);
        m[at + 3] = (byte) value;
        return m;
    }

    /** A copy of {@code b} with {@code value} written little-endian (8 bytes) at {@code at}. */
    public static byte[] withLongLE(byte[] b, int at, long value) {
        byte[] m = b.clone();
        for (int i = 0; i < 8; i++) {
            m[at + i] = (byte) (value >>> (8 * i));
        }
        return m;
    }

    /** {@code a} followed by {@code b}. */
    public static byte[] concat(byte[] a, byte[] b) {
        byte[] m = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, m, a.length, b.length);
        return m;
    }

    /** Random bytes of random length below {@code max}. */
    public static byte[] noise(int max, Random rnd) {
        byte[] r = new byte[rnd.nextInt(max)];
        rnd.nextBytes(r);
        return r;
    }
}
