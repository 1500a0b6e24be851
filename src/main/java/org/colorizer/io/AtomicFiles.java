package org.colorizer.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.colorizer.ColorizerException;

/**
 * Writes files atomically: the content goes to a hidden temporary file in the target's folder
 * ({@code .<name>.<random>.tmp}), is flushed to disk, then renamed over the target. Readers see either the old
 * file or the complete new one, never a partial file; after any failure the temporary file is deleted and an
 * existing target is left unchanged. Missing parent folders are created. Permissions of an existing target are
 * kept; a new file gets the usual defaults (umask). A target that is a symbolic link is replaced by a regular
 * file (the link's destination is not touched).
 */
public final class AtomicFiles {
    private static final int MAX_TEMP_NAME_BASE = 100;

    private AtomicFiles() {}

    /**
     * Writes {@code target} with the bytes {@code writer} puts into the stream (buffered; closing it is allowed
     * but not needed).
     *
     * @throws ColorizerException naming the target if the file cannot be written (read-only folder, disk full,
     *     parent is not a folder, ...); exceptions thrown by {@code writer} other than IOException pass through
     *     unchanged, after the temporary file is removed
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) {
        replace(target, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.accept(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // the real close happens below, after fsync
                    }
                });
                out.flush();
                channel.force(true);
            }
        });
    }

    /**
     * For libraries that can only write to a path: {@code writer} must write the complete file at the temporary
     * path it is given (an empty file exists there already; its name ends in {@code .tmp}), which then replaces
     * {@code target} as in {@link #write(Path, IOConsumer)}.
     */
    public static void writeVia(Path target, IOConsumer<Path> writer) {
        replace(target, tmp -> {
            writer.accept(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("the writer did not produce a file");
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        });
    }

    /** Fills a temporary file beside {@code target} (on disk when {@code fill} returns), then renames it. */
    private static void replace(Path target, IOConsumer<Path> fill) {
        Path file = prepare(target);
        Path tmp = null;
        boolean done = false;
        try {
            tmp = createTemp(file);
            fill.accept(tmp);
            commit(tmp, file);
            done = true;
        } catch (IOException e) {
            throw failure(file, e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    private static Path prepare(Path target) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new ColorizerException("Cannot write " + target + ": not a file path.");
        }
        if (Files.isDirectory(file)) {
            throw new ColorizerException("Cannot write " + file + ": a folder of that name exists.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ColorizerException("Cannot write " + file + ": the folder " + dir + " cannot be created ("
                    + reason(e) + ").", e);
        }
        return file;
    }

    private static Path createTemp(Path file) throws IOException {
        String base = file.getFileName().toString();
        if (base.length() > MAX_TEMP_NAME_BASE) {
            base = base.substring(0, MAX_TEMP_NAME_BASE);
        }
        for (int attempt = 0; ; attempt++) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = file.resolveSibling("." + base + "." + random + ".tmp");
            try {
                // CREATE_NEW with default permissions (umask), unlike Files.createTempFile's owner-only 0600
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static void commit(Path tmp, Path file) throws IOException {
        if (Files.exists(file)) {
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            } catch (IOException | UnsupportedOperationException e) {
                // not POSIX or not ours: keep defaults
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(file.getParent());
    }

    /** Makes the rename durable (Linux, macOS); silently skipped where folders cannot be opened. */
    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static ColorizerException failure(Path file, IOException e) {
        String kept = Files.exists(file) ? " The existing file was left unchanged." : "";
        String why = e instanceof AccessDeniedException
                ? "permission denied, the folder " + file.getParent() + " is not writable" : reason(e);
        return new ColorizerException("Could not write " + file + ": " + why + "." + kept
                + " Check that the folder is writable and the disk has free space.", e);
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied" + where((FileSystemException) e);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + where((FileSystemException) e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way" + where((FileSystemException) e);
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason() + where((FileSystemException) e);
        }
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause(); // e.g. "No space left on device" under ImageIO's "I/O error writing PNG file!"
        }
        if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
            m += " (" + root.getMessage() + ")";
        }
        return m;
    }

    private static String where(FileSystemException e) {
        return e.getFile() != null ? " (" + e.getFile() + ")" : "";
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // nothing more we can do; the name is hidden and ends in .tmp
            }
        }
    }
}
