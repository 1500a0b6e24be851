package org.colorizer.spark;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.colorizer.bench.ColorizeBench;
import org.colorizer.cli.Args;
import org.colorizer.cli.Args.UsageException;
import org.colorizer.io.ImageFiles;

/**
 * {@code java -jar target/colorizer-spark.jar bench [--images 200] [--master local[2]] [--work DIR]}: the job's
 * throughput in local mode next to the command line's on the same folder of 0.5-megapixel gray PNGs (816 x 612,
 * ColorizeBench's images), in one run; prints one JSON line with {@code colorize_folder_images_s} (the
 * {@code colorize} command, run as its own JVM from target/colorizer.jar: its count over its own timing, which
 * starts after the model is loaded), {@code spark_local_images_s} (images over the job's whole run after start-up:
 * listing, planning, colorizing, the manifest) and {@code spark_startup_s} (session, engine, model and a first
 * 4-image job).
 */
public final class SparkBench {
    static final String USAGE =
            "usage: java -jar colorizer-spark.jar bench [--images 200] [--master local[2]] [--work DIR]";

    private SparkBench() {}

    public static void main(String[] argv) throws Exception {
        int images;
        String master;
        Path work;
        try {
            Args a = new Args(argv, 0, new HashSet<>(Arrays.asList("images", "master", "work")), Collections.emptySet());
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected " + a.positional().get(0));
            }
            images = a.integer("images", 200, 1);
            master = a.string("master", "local[2]");
            work = a.path("work");
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (work == null) {
            work = Files.createTempDirectory("colorizer-spark-bench");
        }
        Path in = work.resolve("photos");
        Path warm = work.resolve("warm-up");
        if (!Files.isDirectory(in)) {
            Files.createDirectories(in);
            Files.createDirectories(warm);
            for (int i = 0; i < images; i++) {
                Path f = in.resolve(String.format(Locale.ROOT, "p%04d.png", i));
                ImageFiles.writePng(f, ColorizeBench.toArgb(ColorizeBench.grayImage(816, 612, 100 + i)), 816, 612);
                if (i < 4) {
                    Files.copy(f, warm.resolve(f.getFileName()));
                }
            }
        }
        // 1. the command line, as users run it
        Path jar = Paths.get(SparkBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("colorizer.jar");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "colorize", "--quiet", "--out", work.resolve("cli-" + System.nanoTime()).toString(),
                in.toString()).redirectErrorStream(true).start();
        String cliOut;
        try (InputStream s = p.getInputStream()) {
            cliOut = new String(s.readAllBytes());
        }
        p.waitFor();
        Matcher m = Pattern.compile("(\\d+) colorized.* in ([0-9.]+) s").matcher(cliOut);
        if (!m.find()) {
            throw new IllegalStateException("colorize printed no summary:\n" + cliOut);
        }
        double cli = Integer.parseInt(m.group(1)) / Double.parseDouble(m.group(2));

        // 2. Spark: start-up (session, engine, model, a first small job), then the folder
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("SparkBench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            ColorizeArchive.Options warmUp = new ColorizeArchive.Options();
            warmUp.input = warm.toString();
            warmUp.output = work.resolve("spark-warm-" + System.nanoTime()).toString();
            ColorizeArchive.run(spark, warmUp, quiet);
            double startup = (System.nanoTime() - t0) / 1e9;
            ColorizeArchive.Options o = new ColorizeArchive.Options();
            o.input = in.toString();
            o.output = work.resolve("spark-" + System.nanoTime()).toString();
            ColorizeArchive.Result r = ColorizeArchive.run(spark, o, System.err);
            double sparkRate = r.ok / r.seconds;
            System.out.printf(Locale.ROOT, "{\"images\": %d, \"megapixels\": %.2f, \"master\": \"%s\", "
                    + "\"colorize_folder_images_s\": %.2f, \"spark_local_images_s\": %.2f, \"spark_vs_colorize\": %.3f, "
                    + "\"spark_startup_s\": %.1f, \"spark_failed\": %d, \"work\": \"%s\"}%n", images, 816 * 612 / 1e6,
                    master, cli, sparkRate, sparkRate / cli, startup, r.failed, work.toString().replace(File.separator,
                            "/"));
        } finally {
            spark.stop();
        }
    }
}
