package rankbench.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A zip writer for tests that writes exactly the headers it is told to, so a test can build archives no
 * well-behaved writer would: lying sizes and CRCs, duplicate and hostile names, deflate bombs. It also
 * reports where each structure starts, for truncation at every boundary.
 */
public final class RawZip {

    /** One entry: the name, the compression method, the bytes as stored, and what the headers claim. */
    public record Entry(
            String name, int method, byte[] stored, long declaredSize, long declaredCompressedSize, long crc) {

        /** A stored entry with truthful headers. */
        public static Entry stored(String name, byte[] data) {
            return new Entry(name, 0, data, data.length, data.length, RawZip.crc(data));
        }

        /** A deflated entry with truthful headers. */
        public static Entry deflated(String name, byte[] data) {
            byte[] d = deflate(data);
            return new Entry(name, 8, d, data.length, d.length, RawZip.crc(data));
        }

        public Entry withDeclaredSize(long size) {
            return new Entry(name, method, stored, size, declaredCompressedSize, crc);
        }

        public Entry withName(String n) {
            return new Entry(n, method, stored, declaredSize, declaredCompressedSize, crc);
        }
    }

    /** Offsets of the structures in a built archive. */
    public record Layout(
            List<Integer> localHeaders, List<Integer> dataStarts, List<Integer> centralHeaders, int end, int length) {}

    private RawZip() {}

    public static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Raw deflate (no zlib wrapper), as zip stores it. */
    public static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A raw deflate stream that inflates to {@code mebibytes} MiB of zeros, built without ever holding (or
     * compressing) that much: the first MiB is compressed once, and since the compressor's window is all
     * zeros after it, every further MiB compresses to the same bytes, which are repeated.
     */
    public static byte[] zeroBomb(int mebibytes) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] mib = new byte[1 << 20];
        byte[] first = chunk(d, mib, Deflater.SYNC_FLUSH);
        byte[] next = chunk(d, mib, Deflater.SYNC_FLUSH);
        byte[] again = chunk(d, mib, Deflater.SYNC_FLUSH);
        if (!Arrays.equals(next, again)) {
            throw new IllegalStateException("the compressor does not repeat itself; cannot build the bomb");
        }
        d.finish();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!d.finished()) {
            tail.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        for (int i = 1; i < mebibytes; i++) {
            out.writeBytes(next);
        }
        out.writeBytes(tail.toByteArray());
        return out.toByteArray();
    }

    private static byte[] chunk(Deflater d, byte[] input, int flush) {
        d.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }

    /** Builds the archive. */
    public static byte[] build(List<Entry> entries) {
        return build(entries, null);
    }

    /** Builds the archive and fills in {@code layout[0]} if given. */
    public static byte[] build(List<Entry> entries, Layout[] layout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> locs = new ArrayList<>();
        List<Integer> datas = new ArrayList<>();
        for (Entry e : entries) {
            locs.add(out.size());
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(30);
            h.putInt(0x04034b50)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) e.method())
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt((int) e.crc())
                    .putInt((int) e.declaredCompressedSize())
                    .putInt((int) e.declaredSize())
                    .putShort((short) name.length)
                    .putShort((short) 0);
            out.writeBytes(h.array());
            out.writeBytes(name);
            datas.add(out.size());
            out.writeBytes(e.stored());
        }
        int cenStart = out.size();
        List<Integer> cens = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            cens.add(out.size());
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(46);
            h.putInt(0x02014b50)
                    .putShort((short) 20)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) e.method())
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt((int) e.crc())
                    .putInt((int) e.declaredCompressedSize())
                    .putInt((int) e.declaredSize())
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(locs.get(i));
            out.writeBytes(h.array());
            out.writeBytes(name);
        }
        int end = out.size();
        ByteBuffer h = le(22);
        h.putInt(0x06054b50)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) entries.size())
                .putShort((short) entries.size())
                .putInt(end - cenStart)
                .putInt(cenStart)
                .putShort((short) 0);
        out.writeBytes(h.array());
        if (layout != null) {
            layout[0] = new Layout(locs, datas, cens, end, out.size());
        }
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
