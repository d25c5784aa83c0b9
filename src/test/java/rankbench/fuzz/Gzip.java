package rankbench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Gzip helpers for the fuzz tests. */
public final class Gzip {

    private Gzip() {}

    /** The gzip of {@code data}. */
    public static byte[] of(byte[] data) {
        return ofWithZeros(data, 0);
    }

    /** The gzip of {@code prefix} followed by {@code zeros} zero bytes (a bomb for large counts). */
    public static byte[] ofWithZeros(byte[] prefix, long zeros) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
                gz.write(prefix);
                byte[] z = new byte[1 << 20];
                for (long left = zeros; left > 0; left -= z.length) {
                    gz.write(z, 0, (int) Math.min(z.length, left));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
