package org.colorizer.spark;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.IOConsumer;

/**
 * Writes one output file so that readers never see a partial file, on any Hadoop file system:
 * <ul>
 *   <li>{@code file:} through the command line's own {@link AtomicFiles} (hidden temporary file in the same
 *       folder, fsync, rename);
 *   <li>object stores ({@code s3a:}, {@code gs:}, {@code abfs:}, ...): one direct put of the complete bytes (the
 *       object appears only when the upload completes; the bytes are made in memory first, so a failure while
 *       encoding never starts an upload);
 *   <li>other file systems (HDFS, ...): a hidden temporary file {@code .NAME.RANDOM.tmp} in the same folder, then a
 *       rename; deleted on failure.
 * </ul>
 */
final class OutputStore {
    /** Schemes of object stores, where rename is a copy and a single put is atomic. */
    static final Set<String> OBJECT_STORES = new HashSet<>(Arrays.asList("s3", "s3a", "s3n", "gs", "abfs", "abfss",
            "wasb", "wasbs", "oss", "cos", "cosn", "obs", "r2"));

    /** Test seam: called once the first part of an output is written, before it is complete. */
    interface MidWrite {
        void midWrite(String output) throws IOException;
    }

    static volatile MidWrite midWrite;

    private OutputStore() {}

    static void write(String output, Configuration conf, IOConsumer<OutputStream> encoder) throws IOException {
        URI uri = URI.create(output);
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            AtomicFiles.write(Paths.get(uri.getScheme() == null ? URI.create("file://" + output) : uri),
                    out -> encoder.accept(seam(out, output)));
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        encoder.accept(bytes);
        byte[] data = bytes.toByteArray();
        Path target = new Path(uri);
        FileSystem fs = target.getFileSystem(conf);
        if (fs instanceof LocalFileSystem) {
            fs = ((LocalFileSystem) fs).getRaw(); // no .crc files beside the outputs
        }
        if (OBJECT_STORES.contains(scheme)) {
            try (FSDataOutputStream out = fs.create(target, true)) {
                out.write(data);
            }
            return;
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        boolean done = false;
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                int half = data.length / 2;
                out.write(data, 0, half);
                MidWrite hook = midWrite;
                if (hook != null) {
                    hook.midWrite(output);
                }
                out.write(data, half, data.length - half);
                out.hsync();
            }
            if (!fs.rename(tmp, target)) {
                // HDFS does not rename over an existing file (only with --overwrite can there be one)
                if (fs.exists(target) && fs.delete(target, false) && fs.rename(tmp, target)) {
                    done = true;
                    return;
                }
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException e) {
                    // the name is hidden and ends in .tmp
                }
            }
        }
    }

    /** The stream the encoder writes to, calling {@link #midWrite} once after the first bytes. */
    private static OutputStream seam(OutputStream out, String output) {
        MidWrite hook = midWrite;
        if (hook == null) {
            return out;
        }
        return new FilterOutputStream(out) {
            private long written;
            private boolean called;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
                if (!called && written > 0) {
                    called = true;
                    out.flush();
                    hook.midWrite(output);
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }
}
