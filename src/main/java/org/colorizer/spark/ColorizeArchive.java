package org.colorizer.spark;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.colorizer.ColorizerException;
import org.colorizer.cli.Args.UsageException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.modelfile.BuiltinModels;

/**
 * Colorizes an archive of images on Apache Spark with this project's {@link Colorizer}: every output is the file
 * the command line's {@code colorize} writes for the same input, model and settings (same decoding, same
 * network, same PNG/TIFF encoding: {@link FolderJob#colorize} and {@link FolderJob#encode}).
 *
 * <p>How: the input folder or glob is listed on the driver by Spark's {@code binaryFile} source; the output folder
 * is listed once, and inputs whose output exists are skipped (unless {@code overwrite}) ({@link ArchiveListing},
 * {@link ArchivePlan}); the others' bytes are read by the tasks, which colorize them in {@code mapPartitions}
 * ({@link ColorizePartition}) with one network per executor JVM ({@link ExecutorModels}) and write each output
 * atomically ({@link OutputStore}). A manifest (Parquet) gets one row per input: path, output, status
 * ({@code ok}, {@code skipped}, {@code failed}), error, millis. A broken image fails its own row, never the job.
 *
 * <p>{@link #run} is the API; {@link #main} parses the arguments ({@link ArchiveArgs}) and starts Spark.
 */
public final class ColorizeArchive {
    private ColorizeArchive() {}

    /** The job's settings. */
    public static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;
        /** a folder (searched recursively) or a glob, on any Hadoop file system */
        public String input;
        /** the output folder; sub-folders of the input are kept */
        public String output;
        /** a built-in model name, or a model file (local path or URI, read on the driver) */
        public String model = BuiltinModels.DEFAULT;
        /** where the manifest goes; null = OUTPUT/_manifest/run=TIMESTAMP */
        public String manifest;
        /** partitions of the inputs to colorize; 0 = Spark's own split of the files */
        public int partitions;
        public boolean overwrite;
        public float strength = 1f;
        /** 0 = the model's */
        public int workingSize;
        /**
         * a folder (any Hadoop file system) holding {@code NAME.csv} or {@code NAME.png} hints for input
         * {@code NAME.ext}, as {@code colorize --hints DIR}; null = none
         */
        public String hints;
        /** how far hints reach after the network, as {@code colorize --reach}; null = as the model file says */
        public String reach;
        /** a color image (any Hadoop file system, read on the driver) to colorize like, as {@code --reference}; null = none */
        public String reference;
    }

    /** What a run did. */
    public static final class Result {
        public long listed;
        public long ok;
        public long skipped;
        public long failed;
        public String manifest;
        public double seconds;
        /** up to 20 failures: input -> message */
        public final Map<String, String> failures = new LinkedHashMap<>();

        public String line() {
            return String.format(Locale.ROOT, "%d colorized, %d skipped (output exists), %d failed, of %d inputs, "
                    + "in %.1f s; manifest: %s", ok, skipped, failed, listed, seconds, manifest);
        }
    }

    /** Runs the job; failures of single images are rows of the manifest, not exceptions. */
    public static Result run(SparkSession spark, Options o, PrintStream log) {
        long t0 = System.nanoTime();
        if (o.input == null || o.output == null) {
            throw new ColorizerException("give --input and --output");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        // 1. list the inputs and the outputs that exist (driver)
        ArchiveListing listing = ArchiveListing.of(spark, o, log);

        // 2. colorize (tasks read the bytes)
        Encoder<ManifestRow> enc = Encoders.bean(ManifestRow.class);
        Dataset<ManifestRow> rows = spark.createDataset(listing.planned, enc);
        String manifest = o.manifest != null ? o.manifest : new Path(listing.output, "_manifest/run="
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))).toString();
        LongAccumulator okCount = spark.sparkContext().longAccumulator("colorized");
        LongAccumulator failedCount = spark.sparkContext().longAccumulator("failed");
        String previousMin = spark.conf().get("spark.sql.files.minPartitionNum", null);
        String previousMax = spark.conf().get("spark.sql.files.maxPartitionBytes", null);
        try {
            if (!listing.todo.isEmpty()) {
                Dataset<Row> data = listing.todoData(spark);
                if (o.partitions > 0) {
                    // one file split per ~1/N of the bytes: N partitions without a shuffle of the images
                    spark.conf().set("spark.sql.files.minPartitionNum", Integer.toString(o.partitions));
                    spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(Long.MAX_VALUE / 4));
                }
                byte[] fileModel = BuiltinModels.builtinName(o.model) != null ? null
                        : ArchiveFiles.readModel(o.model, conf);
                if (o.hints != null) {
                    ArchiveFiles.checkTakesHints(o.model, fileModel);
                }
                Broadcast<byte[]> modelBytes = fileModel == null ? null : jsc.broadcast(fileModel);
                Broadcast<SerializableConfiguration> hadoopConf = jsc.broadcast(new SerializableConfiguration(conf));
                Dataset<ManifestRow> done = data.select("path", "content").mapPartitions(
                        new ColorizePartition(listing.plan, o, modelBytes, hadoopConf, okCount, failedCount), enc);
                rows = rows.union(done);
            }
            // a few manifest files: repartition shuffles only the small rows (coalesce would merge the
            // colorizing tasks themselves into as few)
            rows.select("path", "output", "status", "error", "millis")
                    .repartition(1 + listing.inputs.size() / 1_000_000)
                    .write().mode(SaveMode.ErrorIfExists).parquet(manifest);
        } finally {
            restore(spark, "spark.sql.files.minPartitionNum", previousMin);
            restore(spark, "spark.sql.files.maxPartitionBytes", previousMax);
        }

        // 3. counts, from the manifest just written
        Result r = new Result();
        r.manifest = manifest;
        r.listed = listing.inputs.size();
        Dataset<Row> m = spark.read().parquet(manifest);
        for (Row c : m.groupBy("status").count().collectAsList()) {
            long n = c.getLong(1);
            switch (c.getString(0)) {
                case ManifestRow.OK: r.ok = n; break;
                case ManifestRow.SKIPPED: r.skipped = n; break;
                default: r.failed += n;
            }
        }
        if (r.failed > 0) {
            for (Row f : m.filter("status = 'failed'").select("path", "error").limit(20).collectAsList()) {
                r.failures.put(f.getString(0), f.getString(1));
            }
        }
        r.seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "[colorize] %d colorized, %d failed (accumulators: %d, %d)%n", r.ok,
                r.failed, okCount.value(), failedCount.value());
        log.println("[done] " + r.line());
        return r;
    }

    private static void restore(SparkSession spark, String key, String value) {
        if (value == null) {
            spark.conf().unset(key);
        } else {
            spark.conf().set(key, value);
        }
    }

    // ------------------------------------------------------------------------------------------ command line

    /** Parses the arguments as the command line does: {@link ArchiveArgs#parse}. */
    static Options parse(String[] argv, Map<String, String> sparkSettings) {
        return ArchiveArgs.parse(argv, sparkSettings);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("bench")) { // java -jar colorizer-spark.jar bench: see SparkBench
            SparkBench.main(Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        if (ArchiveArgs.wantsHelp(argv)) {
            System.err.println(ArchiveArgs.USAGE);
            System.exit(0);
            return;
        }
        Map<String, String> settings = new HashMap<>();
        Options o;
        try {
            o = ArchiveArgs.parse(argv, settings);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(ArchiveArgs.USAGE);
            System.exit(2);
            return;
        }
        SparkSession.Builder b = SparkSession.builder().appName("ColorizeArchive");
        settings.forEach(b::config);
        SparkSession spark = b.getOrCreate();
        int status;
        try {
            Result r = run(spark, o, System.out);
            r.failures.forEach((in, why) -> System.err.println("failed: " + in + ": " + why));
            status = r.failed == 0 ? 0 : 1;
        } catch (ColorizerException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        } finally {
            spark.stop();
        }
        System.exit(status);
    }
}
