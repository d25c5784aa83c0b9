package rankbench.experiment.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file so that a reader (or the next start after a crash) sees either the complete old
 * content or the complete new content, never a mix.
 *
 * <p>The content goes to a temporary file in the same directory ({@code .name.NNN.tmp}, see
 * {@link #temporaryPrefix}), which is
 * forced to the disk ({@link FileChannel#force}) before it is renamed over the target in one atomic
 * step; then the directory is forced so the rename itself survives a power cut (where the platform
 * allows opening a directory; elsewhere that step is skipped). The new file gets the permissions of the
 * file it replaces (or {@code rw-r--r--} for a new file) instead of the owner-only mode temporary files
 * are created with. If anything fails, the temporary file is deleted and the old file is untouched. A
 * process killed mid-write can leave its temporary file behind; the target is still intact.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {}

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything; the stream is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} atomically with what {@code content} produces; parent directories are created.
     * Every failure is a {@link java.nio.file.FileSystemException} naming a file (the target, where the
     * underlying error does not say).
     */
    public static void write(Path file, Content content) throws IOException {
        try {
            replace(file, content);
        } catch (IOException e) {
            if (e.getClass() != IOException.class) {
                throw e; // a file system exception names its file; the content's own exceptions say what they mean
            }
            // a plain IOException (a full disk, an I/O error) says only what happened: add where
            FileSystemException named = new FileSystemException(
                    file.toString(), null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void replace(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, temporaryPrefix(target), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(os);
                os.flush();
                ch.force(true);
            }
            keepUsualPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Returns the name prefix of the temporary files written for {@code file} ({@code "." + name + "."});
     * a directory's owner may delete stale ones left by a killed process.
     */
    public static String temporaryPrefix(Path file) {
        return "." + file.getFileName() + ".";
    }

    /** Forces a directory's entries to the disk; a no-op where directories cannot be opened (Windows). */
    public static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force directory {} to disk ({}); the rename is still atomic", dir, e.toString());
        }
    }

    /**
     * Temporary files are created owner-only; give the new file the permissions of the file it
     * replaces, or the usual rw-r--r-- for a new file.
     */
    static void keepUsualPermissions(Path tmp, Path file) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms =
                Files.exists(file) ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
