package org.colorizer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.colorizer.cli.Main;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local mode: results, skipping, broken inputs, retries, manifest, and equality with colorize. */
@Tag("spark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ColorizeArchiveTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path in;
    static Path model;
    static Path cli;
    static final byte[] EXISTING = "an output that exists already: must stay untouched".getBytes();

    @BeforeAll
    static void setUp() throws Exception {
        // local[2,2]: two task threads, and a failed task is tried once more
        spark = SparkSession.builder().master("local[2,2]").appName("ColorizeArchiveTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        model = TestModels.untrained(dir.resolve("tiny.zip"), TestModels.tinyConfig(), 7);
        in = dir.resolve("in");
        for (int i = 0; i < 5; i++) {
            int[] argb = Synthetic.photo(64, 48, 100 + i);
            byte[] gray = new byte[argb.length];
            for (int p = 0; p < argb.length; p++) {
                gray[p] = (byte) (argb[p] >> 8);
            }
            Synthetic.writeGrayPng(in.resolve(i < 3 ? "img" + i + ".png" : "sub dir/img" + i + ".png"), gray, 64, 48);
        }
        Synthetic.writePng(in.resolve("color.png"), Synthetic.photo(64, 48, 9), 64, 48); // RGB input
        Files.write(in.resolve("broken.png"), "not a PNG".getBytes());
        Files.write(in.resolve("notes.txt"), "not an image name: ignored".getBytes());
        // the command line's outputs, same model and settings, same JVM (so the same libtorch threads)
        cli = dir.resolve("cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"colorize", "--quiet", "--model", model.toString(), "--out",
                cli.toString(), in.toString()}, new PrintStream(out), new PrintStream(out));
        assertEquals(1, status, out.toString()); // the broken file
    }

    @AfterAll
    static void tearDown() {
        OutputStore.midWrite = null;
        if (spark != null) {
            spark.stop();
        }
    }

    private static ColorizeArchive.Options options(Path output) {
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        o.input = in.toString();
        o.output = output.toString();
        o.model = model.toString();
        o.partitions = 3;
        return o;
    }

    private static Map<String, Row> manifest(ColorizeArchive.Result r) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(r.manifest).collectAsList()) {
            rows.put(row.getString(row.fieldIndex("path")).replaceAll(".*/in/", "").replace("%20", " "), row);
        }
        return rows;
    }

    /** Output files (relative), without the manifest folder. */
    private static Set<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("_manifest")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static void assertSameAsCommandLine(Path out, String rel) throws Exception {
        assertArrayEquals(pixels(cli.resolve(rel)), pixels(out.resolve(rel)), rel);
        assertArrayEquals(Files.readAllBytes(cli.resolve(rel)), Files.readAllBytes(out.resolve(rel)), rel);
    }

    static final List<String> GOOD = List.of("color.png", "img0.png", "img1.png", "img2.png", "sub dir/img3.png",
            "sub dir/img4.png");

    @Test
    @Order(1)
    void colorizesSkipsExistingFailsBrokenAndMatchesTheCommandLine() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.write(out.resolve("img1.png"), EXISTING);
        ColorizeArchive.Result r = ColorizeArchive.run(spark, options(out), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(7, r.listed);
        assertEquals(5, r.ok);
        assertEquals(1, r.skipped);
        assertEquals(1, r.failed);
        assertTrue(r.failures.keySet().iterator().next().endsWith("broken.png"));

        Map<String, Row> rows = manifest(r);
        assertEquals(7, rows.size());
        assertEquals("failed", rows.get("broken.png").getAs("status"));
        assertTrue(rows.get("broken.png").<String>getAs("error").contains("broken.png"));
        assertEquals("skipped", rows.get("img1.png").getAs("status"));
        assertArrayEquals(EXISTING, Files.readAllBytes(out.resolve("img1.png")));
        // the manifest's rows match the files: every ok row's output exists, and nothing else was written
        Set<String> okOutputs = new TreeSet<>();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row row = e.getValue();
            if (row.getAs("status").equals("ok")) {
                assertNull(row.getAs("error"));
                String output = row.getAs("output");
                Path file = Path.of(java.net.URI.create(output));
                assertTrue(Files.isRegularFile(file), output);
                okOutputs.add(out.relativize(file).toString());
            }
        }
        Set<String> expected = new TreeSet<>(GOOD);
        expected.remove("img1.png");
        assertEquals(expected, okOutputs);
        Set<String> all = new TreeSet<>(expected);
        all.add("img1.png");
        assertEquals(all, files(out));
        for (String rel : expected) {
            assertSameAsCommandLine(out, rel);
        }
    }

    @Test
    @Order(2)
    void aSecondRunDoesNoWork() throws Exception {
        Path out = dir.resolve("out");
        Map<String, FileTime> before = new HashMap<>();
        for (String f : files(out)) {
            before.put(f, Files.getLastModifiedTime(out.resolve(f)));
        }
        ColorizeArchive.Result r = ColorizeArchive.run(spark, options(out), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, r.ok);
        assertEquals(6, r.skipped);
        assertEquals(1, r.failed); // the broken file has no output, so it is tried (and fails) again
        for (String f : files(out)) {
            assertEquals(before.get(f), Files.getLastModifiedTime(out.resolve(f)), f);
        }
        assertEquals(before.keySet(), files(out));
    }

    /** An error a killed task would meet: not a broken image, so it fails the task and Spark retries it. */
    static final class InjectedTaskFailure extends Error {
        InjectedTaskFailure(String m) {
            super(m);
        }
    }

    @Test
    @Order(3)
    void aTaskThatFailsMidWriteIsRetriedAndLeavesNoPartialFile() throws Exception {
        Path out = dir.resolve("retried");
        AtomicInteger injected = new AtomicInteger();
        OutputStore.midWrite = output -> {
            if (output.endsWith("/img2.png") && injected.getAndIncrement() == 0) {
                throw new InjectedTaskFailure("injected: task killed in the middle of writing " + output);
            }
        };
        ColorizeArchive.Result r;
        try {
            r = ColorizeArchive.run(spark, options(out), new PrintStream(new ByteArrayOutputStream()));
        } finally {
            OutputStore.midWrite = null;
        }
        assertTrue(injected.get() >= 2, "the failing write ran, and ran again in the retried task");
        assertEquals(6, r.ok);
        assertEquals(1, r.failed);
        assertEquals(new TreeSet<>(GOOD), files(out)); // no .tmp left, nothing partial
        for (String rel : GOOD) {
            assertSameAsCommandLine(out, rel);
        }
        assertEquals(7, manifest(r).size()); // one row per input, not one per attempt
    }

    @Test
    void argumentsAreParsed() {
        Map<String, String> settings = new HashMap<>();
        ColorizeArchive.Options o = ColorizeArchive.parse(new String[] {"--master", "local[2]", "--input", "hdfs:///a",
                "--output", "s3a://b/c", "--partitions", "8", "--overwrite", "--strength", "1.5", "--working-size",
                "256", "--hints", "hdfs:///hints", "--reference", "hdfs:///ref.png"}, settings);
        assertEquals("local[2]", settings.get("spark.master"));
        assertEquals("hdfs:///a", o.input);
        assertEquals("s3a://b/c", o.output);
        assertEquals("general", o.model);
        assertEquals(8, o.partitions);
        assertTrue(o.overwrite);
        assertEquals(1.5f, o.strength);
        assertEquals(256, o.workingSize);
        assertEquals("hdfs:///hints", o.hints);
        assertEquals("hdfs:///ref.png", o.reference);
        assertNull(o.reach);
        assertEquals("space=0.1,range=8", ColorizeArchive.parse(new String[] {"--input", "a", "--output", "b",
            "--reach", "space=0.1,range=8"}, settings).reach);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ColorizeArchive.parse(
                new String[] {"--input", "a", "--output", "b", "--reach", "space=0.1,reach=8"}, settings));
        assertTrue(bad.getMessage().startsWith("--reach: unknown setting 'reach'"), bad.getMessage());
    }

    @Test
    @Order(4)
    void hintsFromAFolderGiveTheCommandLinesColorsAndAPlainModelRefusesThem() throws Exception {
        Path hinted = grayInputs("hinted-in", "h", 300);
        Path hints = Files.createDirectories(dir.resolve("hints"));
        Files.write(hints.resolve("h0.csv"), "x,y,radius,color\n10,10,4,#D02020\n50,30,3,#2040E0\n".getBytes());
        Path aware = TestModels.hintAware(dir.resolve("aware.zip"), TestModels.tinyConfig(), 3, 2f);
        Path cliOut = dir.resolve("hinted-cli");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", aware.toString(), "--hints",
                hints.toString(), "--out", cliOut.toString(), hinted.toString()}, new PrintStream(log),
                new PrintStream(log)), log.toString());
        assertTrue(log.toString().contains("(1 with hints)"), log.toString());
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        o.input = hinted.toString();
        o.output = dir.resolve("hinted-spark").toString();
        o.model = aware.toString();
        o.hints = hints.toString();
        ColorizeArchive.Result r = ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, r.ok, r.line());
        for (String f : List.of("h0.png", "h1.png")) {
            assertArrayEquals(pixels(cliOut.resolve(f)), pixels(dir.resolve("hinted-spark").resolve(f)), f);
        }
        // --reach as the command line's: local leaves out the global tint the model's default adds
        Path cliLocal = dir.resolve("hinted-cli-local");
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", aware.toString(), "--hints",
                hints.toString(), "--reach", "local", "--out", cliLocal.toString(), hinted.toString()},
                new PrintStream(log), new PrintStream(log)), log.toString());
        o.output = dir.resolve("hinted-spark-local").toString();
        o.reach = "local";
        assertEquals(2, ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream())).ok);
        o.reach = null;
        assertArrayEquals(pixels(cliLocal.resolve("h0.png")), pixels(dir.resolve("hinted-spark-local").resolve("h0.png")));
        assertFalse(java.util.Arrays.equals(pixels(cliLocal.resolve("h0.png")), pixels(cliOut.resolve("h0.png"))));
        // the hints were used: the hinted image differs from its colorization without hints
        Path plainOut = dir.resolve("hinted-nohints");
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", aware.toString(), "--out",
                plainOut.toString(), hinted.toString()}, new PrintStream(log), new PrintStream(log)));
        assertTrue(!java.util.Arrays.equals(pixels(plainOut.resolve("h0.png")), pixels(cliOut.resolve("h0.png"))));
        assertArrayEquals(pixels(plainOut.resolve("h1.png")), pixels(cliOut.resolve("h1.png")), "no hint file");
        // a model without hint inputs: one clear error on the driver, before any task
        o.model = model.toString();
        o.output = dir.resolve("hinted-plain").toString();
        org.colorizer.ColorizerException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.colorizer.ColorizerException.class,
                () -> ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("takes no color hints"), e.getMessage());
    }

    @Test
    @Order(5)
    void aReferenceImageGivesTheCommandLinesColorsAndABadOneFailsOnTheDriver() throws Exception {
        Path in = grayInputs("ref-in", "r", 400);
        Path ref = Synthetic.writePng(dir.resolve("reference.png"), Synthetic.photo(40, 30, 7), 40, 30);
        Path cliOut = dir.resolve("ref-cli");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", model.toString(), "--reference",
                ref.toString(), "--out", cliOut.toString(), in.toString()}, new PrintStream(log), new PrintStream(log)),
                log.toString());
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        o.input = in.toString();
        o.output = dir.resolve("ref-spark").toString();
        o.model = model.toString();
        o.reference = ref.toString();
        ColorizeArchive.Result r = ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, r.ok, r.line());
        Path plainOut = dir.resolve("ref-none");
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", model.toString(), "--out",
                plainOut.toString(), in.toString()}, new PrintStream(log), new PrintStream(log)));
        for (String f : List.of("r0.png", "r1.png")) {
            assertArrayEquals(pixels(cliOut.resolve(f)), pixels(dir.resolve("ref-spark").resolve(f)), f);
            assertTrue(!java.util.Arrays.equals(pixels(plainOut.resolve(f)), pixels(cliOut.resolve(f))),
                    "the reference changed " + f);
        }
        o.output = dir.resolve("ref-bad").toString();
        o.reference = dir.resolve("nothere.png").toString();
        org.colorizer.ColorizerException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.colorizer.ColorizerException.class,
                () -> ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("--reference") && e.getMessage().contains("nothere.png"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("ref-bad")) || Files.list(dir.resolve("ref-bad")).noneMatch(
                q -> q.toString().endsWith(".png")), "nothing written");
    }

    @Test
    @Order(6)
    void anImportedOnnxNetworkGivesTheCommandLinesColors() throws Exception {
        Path in = grayInputs("onnx-in", "o", 500);
        Path imported = dir.resolve("l-ab-onnx.zip");
        org.colorizer.interop.NetworkImport.run(java.nio.file.Paths.get(
                org.colorizer.interop.NetworkImport.class.getResource("l-ab.onnx").toURI()), "l-ab", 64, null, imported);
        Path cliOut = dir.resolve("onnx-cli");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"colorize", "--quiet", "--model", imported.toString(), "--out",
                cliOut.toString(), in.toString()}, new PrintStream(log), new PrintStream(log)), log.toString());
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        o.input = in.toString();
        o.output = dir.resolve("onnx-spark").toString();
        o.model = imported.toString();
        ColorizeArchive.Result r = ColorizeArchive.run(spark, o, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, r.ok, r.line());
        for (String f : List.of("o0.png", "o1.png")) {
            assertArrayEquals(pixels(cliOut.resolve(f)), pixels(dir.resolve("onnx-spark").resolve(f)), f);
        }
    }

    /** Two 64x48 gray PNGs ({@code PREFIX0.png}, {@code PREFIX1.png}: the green channel of synthetic photos). */
    private static Path grayInputs(String folder, String prefix, long seed) throws IOException {
        Path d = dir.resolve(folder);
        for (int i = 0; i < 2; i++) {
            int[] argb = Synthetic.photo(64, 48, seed + i);
            byte[] gray = new byte[argb.length];
            for (int p = 0; p < argb.length; p++) {
                gray[p] = (byte) (argb[p] >> 8);
            }
            Synthetic.writeGrayPng(d.resolve(prefix + i + ".png"), gray, 64, 48);
        }
        return d;
    }
}
