package rankbench.experiment.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The zip layer of a session file, read defensively: every entry name is checked against the format
 * before anything is read, duplicates and unknown entries are refused, and an entry is read only up to
 * its declared size (which must be within a limit the caller gives) while the inflated bytes are counted
 * and their CRC checked, so neither a lying header nor a deflate bomb can make it allocate or inflate
 * more than the limit.
 */
final class SessionArchive {

    /** Name of the JSON description. */
    static final String SESSION_JSON = "session.json";
    /** Folder of the weights blobs. */
    static final String WEIGHTS_DIR = "weights/";
    /** Suffix of a weights blob. */
    static final String WEIGHTS_SUFFIX = ".safetensors";

    private static final Pattern WEIGHTS_NAME = Pattern.compile("weights/[0-9a-f]{64}\\.safetensors");

    private final ZipFile zip;
    private final String source;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private SessionArchive(ZipFile zip, String source) {
        this.zip = zip;
        this.source = source;
    }

    /** Largest central directory read (a real session's is a few hundred bytes per model). */
    static final long MAX_CENTRAL_DIRECTORY = 16L << 20;

    /**
     * Checks the zip's end record before the zip library reads the central directory into memory: the
     * directory it describes must lie inside the file, hold at most {@link SessionFiles#MAX_ENTRIES}
     * entries and {@link #MAX_CENTRAL_DIRECTORY} bytes (zip64 end records included).
     */
    static void checkEndRecord(Path file, long size, String source) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int tailLength = (int) Math.min(size, 22 + 0xFFFF + 20);
            ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
            long tailStart = size - tailLength;
            while (tail.hasRemaining() && ch.read(tail, tailStart + tail.position()) >= 0) {
                // read the whole tail
            }
            int end = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == 0x06054b50 && i + 22 + (tail.getShort(i + 20) & 0xffff) == tailLength) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw new SessionFileException(source, "corrupt or truncated session file (no zip end record)");
            }
            long entries = tail.getShort(end + 10) & 0xffff;
            long cenSize = tail.getInt(end + 12) & 0xffffffffL;
            long cenOffset = tail.getInt(end + 16) & 0xffffffffL;
            if ((entries == 0xffff || cenSize == 0xffffffffL || cenOffset == 0xffffffffL)
                    && end >= 20
                    && tail.getInt(end - 20) == 0x07064b50) {
                long z64 = tail.getLong(end - 20 + 8);
                ByteBuffer rec = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                if (z64 < 0 || z64 > size - 56) {
                    throw new SessionFileException(source, "corrupt session file (bad zip64 end record)");
                }
                while (rec.hasRemaining() && ch.read(rec, z64 + rec.position()) >= 0) {
                    // read the record
                }
                if (rec.getInt(0) != 0x06064b50) {
                    throw new SessionFileException(source, "corrupt session file (bad zip64 end record)");
                }
                entries = rec.getLong(32);
                cenSize = rec.getLong(40);
                cenOffset = rec.getLong(48);
            }
            if (entries > SessionFiles.MAX_ENTRIES) {
                throw new SessionFileException(
                        source, "too many entries (" + entries + ", at most " + SessionFiles.MAX_ENTRIES + ")");
            }
            if (cenSize < 0 || cenSize > MAX_CENTRAL_DIRECTORY || cenOffset < 0 || cenOffset + cenSize > size) {
                throw new SessionFileException(
                        source,
                        "corrupt session file (the zip directory it declares, " + cenSize + " bytes at " + cenOffset
                                + ", does not fit)");
            }
        }
    }

    /** Lists and checks the entries of an opened zip of {@code fileSize} bytes. */
    static SessionArchive open(ZipFile zip, long fileSize, String source) throws SessionFileException {
        SessionArchive a = new SessionArchive(zip, source);
        if (zip.size() > SessionFiles.MAX_ENTRIES) {
            throw new SessionFileException(
                    source, "too many entries (" + zip.size() + ", at most " + SessionFiles.MAX_ENTRIES + ")");
        }
        int n = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (++n > SessionFiles.MAX_ENTRIES) {
                throw new SessionFileException(source, "too many entries (more than " + SessionFiles.MAX_ENTRIES + ")");
            }
            String name = e.getName();
            checkName(name, source);
            if (a.entries.put(name, e) != null) {
                throw new SessionFileException(source, "entry '" + printable(name) + "' appears twice");
            }
            if (e.getMethod() != ZipEntry.STORED && e.getMethod() != ZipEntry.DEFLATED) {
                throw new SessionFileException(
                        source, "entry '" + name + "' uses an unsupported compression method (" + e.getMethod() + ")");
            }
            long csize = e.getCompressedSize();
            if (csize < 0 || csize > fileSize) {
                throw new SessionFileException(
                        source,
                        "entry '" + name + "' declares an impossible compressed size (" + csize + " bytes in a file of "
                                + fileSize + ")");
            }
            if (e.getMethod() == ZipEntry.STORED && csize != e.getSize()) {
                throw new SessionFileException(
                        source,
                        "entry '" + name + "' is stored uncompressed but declares " + e.getSize() + " bytes for its "
                                + csize + " stored bytes");
            }
        }
        if (!a.entries.containsKey(SESSION_JSON)) {
            throw new SessionFileException(source, "not a RankBench session file (no " + SESSION_JSON + ")");
        }
        return a;
    }

    /** Refuses names that could escape the archive and names that are not part of the format. */
    static void checkName(String name, String source) throws SessionFileException {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.contains("\0")
                || name.matches("^[A-Za-z]:.*")
                || ("/" + name + "/").contains("/../")
                || ("/" + name + "/").contains("/./")) {
            throw new SessionFileException(source, "entry '" + printable(name) + "' would escape the archive");
        }
        if (!name.equals(SESSION_JSON) && !WEIGHTS_NAME.matcher(name).matches()) {
            throw new SessionFileException(
                    source,
                    "unexpected entry '" + printable(name) + "' (a session file holds only " + SESSION_JSON
                            + " and weights/<sha256>.safetensors)");
        }
    }

    /** Returns the entry names, in archive order. */
    Iterable<String> names() {
        return entries.keySet();
    }

    /** Returns true if the archive has this entry. */
    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** Returns the declared (uncompressed) size of an entry. */
    long declaredSize(String name) {
        return entries.get(name).getSize();
    }

    /**
     * Reads an entry completely, refusing a declared size above {@code limit}, data that inflates to more
     * or fewer bytes than declared, and a CRC mismatch.
     */
    byte[] read(String name, long limit) throws SessionFileException {
        ZipEntry e = entries.get(name);
        long declared = e.getSize();
        if (declared < 0) {
            throw new SessionFileException(source, "entry '" + name + "' does not declare its size");
        }
        if (declared > limit) {
            throw new SessionFileException(
                    source, "entry '" + name + "' declares " + declared + " bytes, more than the limit of " + limit);
        }
        byte[] out = new byte[(int) declared];
        int got = 0;
        try (InputStream in = zip.getInputStream(e)) {
            while (got < out.length) {
                int r = in.read(out, got, out.length - got);
                if (r < 0) {
                    throw new SessionFileException(
                            source, "entry '" + name + "' is truncated (" + got + " of " + declared + " bytes)");
                }
                got += r;
            }
            if (in.read() >= 0) {
                throw new SessionFileException(
                        source,
                        "entry '" + name + "' holds more data than the " + declared
                                + " bytes it declares (a corrupt or malicious file)");
            }
        } catch (SessionFileException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new SessionFileException(source, "entry '" + name + "' is corrupt (" + ex.getMessage() + ")", ex);
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != e.getCrc()) {
            throw new SessionFileException(source, "entry '" + name + "' is corrupt (CRC mismatch)");
        }
        return out;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 120; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
