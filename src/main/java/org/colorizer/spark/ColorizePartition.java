package org.colorizer.spark;

import ij.ImagePlus;
import java.io.IOException;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.hints.HintSet;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.io.ImageFiles;

/**
 * The task over rows ({@code path}, {@code content}) of binaryFile: decode, colorize, encode and write each image
 * as the command line does, one manifest row each; a broken image becomes a failed row.
 */
final class ColorizePartition implements MapPartitionsFunction<Row, ManifestRow> {
    private static final long serialVersionUID = 1L;
    private final ArchivePlan plan;
    private final String model;
    private final float strength;
    private final int workingSize;
    private final String hintsDir;
    private final String reach;
    private final ReferenceColors reference;
    private final Broadcast<byte[]> modelBytes;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final LongAccumulator okCount;
    private final LongAccumulator failedCount;

    /** On the driver: reads {@code --reference} (if given) here, once. */
    ColorizePartition(ArchivePlan plan, ColorizeArchive.Options o, Broadcast<byte[]> modelBytes,
            Broadcast<SerializableConfiguration> hadoopConf, LongAccumulator okCount, LongAccumulator failedCount) {
        this.plan = plan;
        this.model = o.model;
        this.strength = o.strength;
        this.workingSize = o.workingSize;
        this.hintsDir = o.hints;
        this.reach = o.reach;
        this.reference = o.reference == null ? null
                : ArchiveFiles.readReference(o.reference, hadoopConf.value().value());
        this.modelBytes = modelBytes;
        this.hadoopConf = hadoopConf;
        this.okCount = okCount;
        this.failedCount = failedCount;
    }

    @Override
    public Iterator<ManifestRow> call(Iterator<Row> rows) {
        return new Iterator<ManifestRow>() {
            private Colorizer colorizer;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ManifestRow next() {
                Row row = rows.next();
                long t = System.nanoTime();
                String path = row.getString(0);
                String inPath = ArchivePaths.uriPath(path);
                String rel = plan.outputRelative(inPath);
                String output = plan.outputUri(rel);
                try {
                    if (colorizer == null) {
                        colorizer = executorColorizer();
                    }
                    ImagePlus decoded = ImageFiles.readImagePlus((byte[]) row.get(1), path);
                    HintSet hints = hintsDir == null ? null : ArchiveFiles.hintsFor(hintsDir, inPath,
                            decoded.getWidth(), decoded.getHeight(), hadoopConf.value().value());
                    ImagePlus result = FolderJob.colorize(colorizer, decoded, hints);
                    if (FolderJob.isStack(result)) {
                        output = plan.outputUri(FolderJob.stackOutputName(rel));
                    }
                    OutputStore.write(output, hadoopConf.value().value(), out -> FolderJob.encode(result, out));
                    okCount.add(1);
                    return new ManifestRow(path, output, ManifestRow.OK, null, millis(t));
                } catch (RuntimeException | IOException | OutOfMemoryError e) {
                    failedCount.add(1);
                    return new ManifestRow(path, output, ManifestRow.FAILED, message(e), millis(t));
                }
            }
        };
    }

    /** The executor's network with this job's settings; views, as the network is shared. */
    private Colorizer executorColorizer() {
        Colorizer c = ExecutorModels.get(model, modelBytes, strength, workingSize);
        if (reference != null) {
            c = c.withReference(reference);
        }
        if (reach != null) {
            c = c.withReach(reach, "--reach");
        }
        return c;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give the executors more memory (spark.executor.memory)";
        }
        return e instanceof ColorizerException && e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
