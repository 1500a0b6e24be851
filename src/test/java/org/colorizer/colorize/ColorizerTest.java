package org.colorizer.colorize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.colorizer.color.Lab;
import org.colorizer.engine.Engines;
import org.colorizer.io.Resampling;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colorizing ImageJ images of every type at full resolution, tiles, tiny images, threads. */
class ColorizerTest {
    @TempDir
    static Path dir;
    static Colorizer colorizer;
    static Path modelFile;

    @BeforeAll
    static void load() throws Exception {
        modelFile = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 11);
        colorizer = Colorizer.load(modelFile, Device.cpu());
    }

    @AfterAll
    static void close() {
        colorizer.close();
    }

    private static double meanAbsLDifference(ImagePlus gray8, ImagePlus rgb) {
        byte[] g = (byte[]) gray8.getProcessor().getPixels();
        int[] c = (int[]) rgb.getProcessor().getPixels();
        float[] l = new float[c.length];
        Lab.rgbToL(c, 0, c.length, l, 0);
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += Math.abs(l[i] - Lab.grayToL(g[i] & 255));
        }
        return s / g.length;
    }

    private static ImagePlus gray8(int w, int h, long seed) {
        int[] rgb = Synthetic.photo(w, h, seed);
        byte[] g = new byte[w * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) ((rgb[i] >> 8) & 255);
        }
        return new ImagePlus("gray", new ByteProcessor(w, h, g));
    }

    private static double chroma(ImagePlus rgb) {
        int[] c = (int[]) rgb.getProcessor().getPixels();
        float[] l = new float[c.length];
        float[] a = new float[c.length];
        float[] b = new float[c.length];
        Lab.rgbToLab(c, 0, c.length, l, a, b, 0);
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += Math.hypot(a[i], b[i]);
        }
        return s / c.length;
    }

    @Test
    void keepsDimensionsCalibrationAndLightness() {
        ImagePlus in = gray8(123, 77, 1);
        Calibration cal = in.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.setUnit("mm");
        in.setTitle("cells");
        ImagePlus out = ImageColorizer.colorize(colorizer, in, null);
        assertEquals(ImagePlus.COLOR_RGB, out.getType());
        assertEquals(123, out.getWidth());
        assertEquals(77, out.getHeight());
        assertEquals("cells (colorized)", out.getTitle());
        assertEquals(0.25, out.getCalibration().pixelWidth);
        assertEquals("mm", out.getCalibration().getUnit());
        double dl = meanAbsLDifference(in, out);
        assertTrue(dl < 0.5, "mean |dL| = " + dl);
        assertArrayEquals((byte[]) gray8(123, 77, 1).getProcessor().getPixels(), (byte[]) in.getProcessor().getPixels(),
                "input untouched");
    }

    @Test
    void sixteenBitFloatRgbAndStacks() {
        ImagePlus g8 = gray8(64, 48, 2);
        byte[] px = (byte[]) g8.getProcessor().getPixels();
        short[] s16 = new short[px.length];
        float[] f32 = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            s16[i] = (short) (1000 + 40 * (px[i] & 255));
            f32[i] = -3f + 0.1f * (px[i] & 255);
        }
        ImagePlus o16 = ImageColorizer.colorize(colorizer, new ImagePlus("s", new ShortProcessor(64, 48, s16, null)), null);
        ImagePlus o32 = ImageColorizer.colorize(colorizer, new ImagePlus("f", new FloatProcessor(64, 48, f32)), null);
        assertEquals(ImagePlus.COLOR_RGB, o16.getType());
        assertEquals(ImagePlus.COLOR_RGB, o32.getType());
        // both normalize to the same intensities as each other (linear maps of the same data)
        int[] a = (int[]) o16.getProcessor().getPixels();
        int[] b = (int[]) o32.getProcessor().getPixels();
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        assertTrue(same > a.length * 0.9, same + " of " + a.length);

        int[] rgb = Synthetic.photo(64, 48, 3);
        ImagePlus inRgb = new ImagePlus("rgb", new ColorProcessor(64, 48, rgb.clone()));
        ImagePlus oRgb = ImageColorizer.colorize(colorizer, inRgb, null);
        float[] l0 = new float[rgb.length];
        float[] l1 = new float[rgb.length];
        Lab.rgbToL(rgb, 0, rgb.length, l0, 0);
        Lab.rgbToL((int[]) oRgb.getProcessor().getPixels(), 0, rgb.length, l1, 0);
        double d = 0;
        for (int i = 0; i < l0.length; i++) {
            d += Math.abs(l0[i] - l1[i]);
        }
        assertTrue(d / l0.length < 0.5, "RGB input keeps its L");

        ImageStack st = new ImageStack(40, 30);
        for (int s = 0; s < 5; s++) {
            st.addSlice("s" + s, gray8(40, 30, 10 + s).getProcessor());
        }
        ImagePlus stack = new ImagePlus("stack", st);
        List<Integer> progress = new ArrayList<>();
        ImagePlus oStack = ImageColorizer.colorize(colorizer, stack, (done, total) -> {
            progress.add(done);
            return true;
        });
        assertEquals(5, oStack.getStackSize());
        assertEquals("s3", oStack.getStack().getSliceLabel(4));
        assertEquals(5, (int) progress.get(progress.size() - 1));
        // slice 3 colorized in a batch equals slice 3 colorized alone
        ImagePlus single = ImageColorizer.colorize(colorizer, new ImagePlus("one", gray8(40, 30, 13).getProcessor()), null);
        assertArrayEquals((int[]) single.getProcessor().getPixels(), (int[]) oStack.getStack().getProcessor(4).getPixels());
    }

    @Test
    void imgLib2ImagesOfEveryTypeKeepDimensionsAndMatchImageJ() {
        ImagePlus g8 = gray8(40, 30, 31);
        byte[] px = (byte[]) g8.getProcessor().getPixels();
        net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.ARGBType, ?> fromImg = ImageColorizer.colorize(
                colorizer, net.imglib2.img.array.ArrayImgs.unsignedBytes(px.clone(), 40, 30), null);
        assertArrayEquals(new long[] {40, 30}, fromImg.dimensionsAsLongArray());
        int[] viaImageJ = (int[]) ImageColorizer.colorize(colorizer, g8, null).getProcessor().getPixels();
        int i = 0;
        for (net.imglib2.type.numeric.ARGBType t : fromImg) {
            assertEquals(viaImageJ[i++], t.get(), "same pixels as the ImagePlus path");
        }
        // a 3-D float image: X, Y and 3 slices
        float[] f = new float[20 * 10 * 3];
        for (int k = 0; k < f.length; k++) {
            f[k] = (k * 7) % 13;
        }
        assertArrayEquals(new long[] {20, 10, 3}, ImageColorizer.colorize(colorizer,
                net.imglib2.img.array.ArrayImgs.floats(f, 20, 10, 3), null).dimensionsAsLongArray());
        short[] u16 = new short[16 * 16];
        assertArrayEquals(new long[] {16, 16}, ImageColorizer.colorize(colorizer,
                net.imglib2.img.array.ArrayImgs.unsignedShorts(u16, 16, 16), null).dimensionsAsLongArray());
    }

    @Test
    void wholeImagesAreSeenAtTheModelsWorkingSizeUnlessOneIsGiven() {
        ImagePlus in = gray8(120, 90, 12);
        org.colorizer.color.ImagePlanes planes = org.colorizer.color.ImagePlanes.of(in);
        Lightness l = ImageColorizer.lightness(planes, 0, org.colorizer.color.Normalization.typeRange().resolveAll(planes)[0]);
        // no working size in the file: the training size (32) on the long side
        assertEquals(32, colorizer.workingSize());
        Colorizer.AbField plain = colorizer.predict(List.of(l)).get(0);
        assertEquals(32, plain.width);
        assertEquals(24, plain.height);
        ModelFile.Contents c = ModelFile.read(modelFile);
        c.description.workingSize = 48;
        try (Colorizer seen = Colorizer.fromContents(c, "test model", Device.cpu())) {
            assertEquals(48, seen.workingSize());
            Colorizer.AbField f = seen.predict(List.of(l)).get(0);
            assertEquals(48, f.width);
            assertEquals(36, f.height);
            assertEquals(0.4, f.scale, 1e-12);
            ImagePlus out = ImageColorizer.colorize(seen, in, null);
            assertEquals(120, out.getWidth());
            assertTrue(meanAbsLDifference(in, out) < 0.5);
            assertEquals(64, seen.withWorkingSize(64).predict(List.of(l)).get(0).width, "a given working size wins");
            assertEquals(48, seen.withWorkingSize(64).withWorkingSize(0).predict(List.of(l)).get(0).width,
                    "0 goes back to the model's");
            assertEquals(48, seen.predict(List.of(l)).get(0).width, "a view leaves the loaded model's settings");
            assertThrows(org.colorizer.ColorizerException.class, () -> seen.withWorkingSize(-1));
        }
    }

    @Test
    void tinyAndDegenerateImagesWork() {
        for (int[] wh : new int[][] {{1, 1}, {3, 7}, {7, 3}, {1, 50}, {200, 1}}) {
            ImagePlus out = ImageColorizer.colorize(colorizer, gray8(wh[0], wh[1], 5), null);
            assertEquals(wh[0], out.getWidth());
            assertEquals(wh[1], out.getHeight());
        }
        // a 16-bit image holding one value, and constant and NaN/Inf float images
        short[] one = new short[20 * 10];
        java.util.Arrays.fill(one, (short) 4000);
        assertEquals(ImagePlus.COLOR_RGB,
                ImageColorizer.colorize(colorizer, new ImagePlus("one", new ShortProcessor(20, 10, one, null)), null).getType());
        float[] f = new float[30 * 20];
        java.util.Arrays.fill(f, 7f);
        assertEquals(30, ImageColorizer.colorize(colorizer, new ImagePlus("c", new FloatProcessor(30, 20, f)), null).getWidth());
        f[0] = Float.NaN;
        f[1] = Float.POSITIVE_INFINITY;
        f[2] = 3f;
        ImagePlus o = ImageColorizer.colorize(colorizer, new ImagePlus("n", new FloatProcessor(30, 20, f)), null);
        assertEquals(ImagePlus.COLOR_RGB, o.getType());
    }

    @Test
    void tiledEqualsUntiledAwayFromSeamsAndSeamsAreSmooth() {
        // a 32 px model: tiles of 64 input px at scale 0.5, vs a single pass at the same scale
        ImagePlus in = gray8(200, 150, 8);
        Colorizer tiled = colorizer.with(1f, 64);
        byte[] g = (byte[]) in.getProcessor().getPixels();
        float[] l = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            l[i] = Lab.grayToL(g[i] & 255);
        }
        Lightness light = Lightness.of(l, 200, 150);
        Colorizer.AbField f = tiled.predict(List.of(light)).get(0);
        assertEquals(0.5, f.scale, 1e-9);
        assertEquals(100, f.width);
        assertEquals(75, f.height);
        // chroma continuity: steps between neighbours across tile borders are like those inside tiles
        int[] starts = Tiling.starts(100, 32, 8);
        assertTrue(starts.length >= 3, "several tiles across");
        java.util.Set<Integer> seamCols = new java.util.HashSet<>();
        for (int s = 0; s < starts.length; s++) {
            for (int e : new int[] {starts[s], starts[s] + 32}) {
                for (int x = e - 2; x <= e + 2; x++) {
                    seamCols.add(x);
                }
            }
        }
        double seamMax = 0;
        double interiorMax = 0;
        for (int y = 0; y < f.height; y++) {
            for (int x = 1; x < f.width; x++) {
                double d = Math.abs(f.a[y * f.width + x] - f.a[y * f.width + x - 1])
                        + Math.abs(f.b[y * f.width + x] - f.b[y * f.width + x - 1]);
                if (seamCols.contains(x)) {
                    seamMax = Math.max(seamMax, d);
                } else {
                    interiorMax = Math.max(interiorMax, d);
                }
            }
        }
        assertTrue(seamMax <= 1.5 * interiorMax, "seam step " + seamMax + " vs interior " + interiorMax);
        int[] rgb = tiled.colorize(light);
        assertEquals(200 * 150, rgb.length);
    }

    @Test
    void concurrentEqualsSequential() throws Exception {
        List<ImagePlus> inputs = new ArrayList<>();
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ImagePlus in = gray8(50 + 7 * i, 40 + 3 * i, 20 + i);
            inputs.add(in);
            expected.add((int[]) ImageColorizer.colorize(colorizer, in, null).getProcessor().getPixels());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> fs = new ArrayList<>();
            for (int rep = 0; rep < 2; rep++) {
                for (ImagePlus in : inputs) {
                    fs.add(pool.submit(() -> (int[]) ImageColorizer.colorize(colorizer, in, null).getProcessor().getPixels()));
                }
            }
            for (int i = 0; i < fs.size(); i++) {
                assertArrayEquals(expected.get(i % 8), fs.get(i).get(), "image " + (i % 8));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void saveThenLoadGivesBitIdenticalInference() throws Exception {
        ModelConfig cfg = TestModels.tinyConfig();
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(cfg);
            Networks.initialize(g, m, new Shape(1, 1, 32, 32), 99);
            Path f = dir.resolve("bit.zip");
            org.colorizer.modelfile.ModelDescription d = new org.colorizer.modelfile.ModelDescription();
            d.model = cfg;
            java.util.Map<String, byte[]> e = new java.util.LinkedHashMap<>();
            e.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(g), false));
            ModelFile.write(f, d, e);
            float[] l = new float[32 * 32];
            for (int i = 0; i < l.length; i++) {
                l[i] = (i * 37 % 101);
            }
            NDArray x = m.create(l, new Shape(1, 1, 32, 32)).div(50f).sub(1f);
            float[] direct = g.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            try (Colorizer c = Colorizer.load(f, Device.cpu())) {
                Colorizer.AbField ab = c.predict(List.of(Lightness.of(l, 32, 32))).get(0);
                for (int i = 0; i < l.length; i++) {
                    assertEquals(110f * direct[i], ab.a[i], 0f);
                    assertEquals(110f * direct[l.length + i], ab.b[i], 0f);
                }
            }
        }
    }

    @Test
    void areaShrinkAndBilinearComposeMatchDirectFormulas() {
        // shrink: every working-grid value is the overlap-weighted mean of the input pixels it covers
        int w = 97;
        int h = 61;
        float[] l = new float[w * h];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < l.length; i++) {
            l[i] = 100 * r.nextFloat();
        }
        int gw = 23;
        int gh = 14;
        float[] grid = Resampling.shrinkOrGrow(Lightness.of(l, w, h), gw, gh);
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                double sum = 0;
                double area = 0;
                for (int y = 0; y < h; y++) {
                    double wy = overlap(y, gy, (double) h / gh);
                    for (int x = 0; x < w && wy > 0; x++) {
                        double wx = overlap(x, gx, (double) w / gw);
                        sum += wx * wy * l[y * w + x];
                        area += wx * wy;
                    }
                }
                assertEquals(sum / area, grid[gy * gw + gx], 1e-3, "grid " + gx + "," + gy);
            }
        }
        float[] constant = new float[w * h];
        java.util.Arrays.fill(constant, 42.5f);
        for (float v : Resampling.shrinkOrGrow(Lightness.of(constant, w, h), gw, gh)) {
            assertEquals(42.5f, v, 1e-4f);
        }

        // compose: a*b* bilinear from the grid (pixel centres aligned, edges clamped), L* the input's
        Colorizer.AbField f = new Colorizer.AbField(gw, gh, (double) gw / w);
        for (int i = 0; i < f.a.length; i++) {
            f.a[i] = 60 * r.nextFloat() - 30;
            f.b[i] = 60 * r.nextFloat() - 30;
        }
        int[] out = new int[w * h];
        colorizer.compose(Lightness.of(l, w, h), f, out);
        float[] one = new float[1];
        int[] px = new int[1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a = bilinear(f.a, gw, gh, (x + 0.5) * gw / w, (y + 0.5) * gh / h);
                float b = bilinear(f.b, gw, gh, (x + 0.5) * gw / w, (y + 0.5) * gh / h);
                one[0] = l[y * w + x];
                Lab.labToRgb(one, new float[] {a}, new float[] {b}, 0, 1, px, 0);
                int got = out[y * w + x];
                for (int sh = 0; sh <= 16; sh += 8) {
                    assertEquals((px[0] >> sh) & 255, (got >> sh) & 255, 1, "pixel " + x + "," + y);
                }
            }
        }
    }

    private static double overlap(int pixel, int cell, double scale) {
        return Math.max(0, Math.min(pixel + 1, (cell + 1) * scale) - Math.max(pixel, cell * scale));
    }

    private static float bilinear(float[] p, int w, int h, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double tx = fx - x0;
        double ty = fy - y0;
        int xa = Math.max(0, Math.min(w - 1, x0));
        int xb = Math.max(0, Math.min(w - 1, x0 + 1));
        int ya = Math.max(0, Math.min(h - 1, y0));
        int yb = Math.max(0, Math.min(h - 1, y0 + 1));
        double top = p[ya * w + xa] * (1 - tx) + p[ya * w + xb] * tx;
        double bot = p[yb * w + xa] * (1 - tx) + p[yb * w + xb] * tx;
        return (float) (top * (1 - ty) + bot * ty);
    }

    @Test
    void folderJobWritesStacksAsTiffAndARerunSkipsThem() throws Exception {
        Path in = java.nio.file.Files.createDirectories(dir.resolve("stack-in"));
        ImageStack st = new ImageStack(40, 30);
        for (int i = 0; i < 3; i++) {
            st.addSlice(gray8(40, 30, 20 + i).getProcessor());
        }
        org.colorizer.io.ImageFiles.writeTiff(in.resolve("s.tif"), new ImagePlus("s", st));
        Path out = dir.resolve("stack-out");
        FolderJob.Summary first = new FolderJob(colorizer).optOutput(out).run(List.of(in));
        assertEquals(1, first.done, first.failures.toString());
        Path written = out.resolve("s.tif");
        assertEquals(written, first.outputs.get(in.resolve("s.tif")));
        assertEquals(3, org.colorizer.io.ImageFiles.readImagePlus(written).getStackSize());
        long modified = java.nio.file.Files.getLastModifiedTime(written).toMillis();
        FolderJob.Summary again = new FolderJob(colorizer).optOutput(out).run(List.of(in));
        assertEquals(0, again.done);
        assertEquals(1, again.skipped, "the stack's TIFF output counts as done");
        assertEquals(modified, java.nio.file.Files.getLastModifiedTime(written).toMillis());
    }

    @Test
    void folderJobReportsEachImageInOrderOnceItsFileIsCompleteAndStopsWhenAsked() throws Exception {
        Path in = java.nio.file.Files.createDirectories(dir.resolve("order-in"));
        java.nio.file.Files.createDirectories(in.resolve("sub"));
        for (int i = 0; i < 6; i++) {
            ImagePlus g = gray8(48, 36, 40 + i);
            Path f = in.resolve(i == 5 ? "sub/p5.png" : "p" + i + ".png");
            org.colorizer.io.ImageFiles.writePng(f, org.colorizer.io.ImageFiles.toRgb(g));
        }
        java.nio.file.Files.write(in.resolve("p2.png"), new byte[] {1, 2, 3}); // not an image
        Path out = dir.resolve("order-out");
        java.nio.file.Files.createDirectories(out.resolve("p3.png")); // a folder where p3's output would go
        java.nio.file.Files.write(out.resolve("sub"), new byte[0]); // a file where p5's output folder would go
        List<String> events = new ArrayList<>();
        FolderJob.Summary all = new FolderJob(colorizer).optOutput(out).optListener((done, total, input, outcome, rate) -> {
            // the listener sees each output complete on disk
            Path o = out.resolve(input.getFileName());
            if (outcome.equals("ok")) {
                assertEquals(48, org.colorizer.io.ImageFiles.readImagePlus(o).getWidth());
            }
            events.add(done + "/" + total + " " + input.getFileName() + " " + outcome);
            return true;
        }).run(List.of(in));
        assertEquals(List.of("1/6 p0.png ok", "2/6 p1.png ok", "3/6 p2.png failed", "4/6 p3.png failed",
                "5/6 p4.png ok", "6/6 p5.png failed"), events);
        assertEquals(3, all.done);
        assertEquals(3, all.failed);
        assertFalse(all.cancelled);
        assertTrue(all.failures.get(in.resolve("p2.png")).contains("p2.png"), all.failures.toString());
        assertTrue(all.failures.get(in.resolve("p3.png")).contains("p3.png"), all.failures.toString());
        assertTrue(all.failures.get(in.resolve("sub/p5.png")).contains("output folder"), all.failures.toString());

        // stop after the first image: it is written, nothing after it is
        Path out2 = dir.resolve("order-out2");
        List<Path> seen = new ArrayList<>();
        FolderJob.Summary stopped = new FolderJob(colorizer).optOutput(out2).optListener((done, total, input, outcome, rate) -> {
            seen.add(input.getFileName());
            return false;
        }).run(List.of(in));
        assertEquals(List.of(Path.of("p0.png")), seen);
        assertTrue(stopped.cancelled);
        assertEquals(1, stopped.done);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out2)) {
            assertEquals(List.of(out2.resolve("p0.png")), files.collect(java.util.stream.Collectors.toList()));
        }
    }
}
