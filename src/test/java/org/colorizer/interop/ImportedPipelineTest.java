package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imported networks colorize as their authors' pipelines do. The expected image is made here step by step, apart
 * from the plugin's code: L* of the gray image, resized to S x S (area average per shrinking axis, linear per
 * growing axis), the network's tensors as each convention defines them, the network run by ONNX Runtime directly,
 * its a*b* upsampled bilinearly to the image's size, recombined with the full-resolution L* and turned into sRGB.
 */
class ImportedPipelineTest {
    private static final double XN = 0.95047;
    private static final double ZN = 1.08883;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}.{1}, {2}x{3} at S={4}")
    @CsvSource({
        "l-ab, onnx, 150, 90, 64", "l-ab, pt, 150, 90, 64", "l-ab, onnx, 40, 50, 64", "l-ab, onnx, 100, 40, 64",
        "grayrgb-ab, onnx, 150, 90, 64", "grayrgb-ab, pt, 70, 120, 32",
        "rgb-rgb, onnx, 150, 90, 64", "rgb-rgb, pt, 90, 150, 48",
        "l-hints-ab, onnx, 150, 90, 64", "l-hints-ab, pt, 120, 80, 64"})
    void colorizesAsThePublishedPipeline(String preset, String ext, int w, int h, int s) throws Exception {
        Path file = Fixtures.path(preset + "." + ext);
        Path model = dir.resolve("m.zip");
        NetworkImport.run(file, preset, s, null, model);
        double[] l = grayL(w, h);
        float[] lf = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            lf[i] = (float) l[i];
        }
        // without hints the hint planes are zero; with them, two one-pixel hints in different cells
        int[][] at = {{w / 4, h / 3, 40, -20}, {3 * w / 4, h / 2, -30, 50}};
        HintSet hints = preset.equals("l-hints-ab")
                ? new HintSet(w, h, List.of(Hint.disk(at[0][0], at[0][1], 0, at[0][2], at[0][3]),
                        Hint.disk(at[1][0], at[1][1], 0, at[1][2], at[1][3])))
                : null;
        int[] got;
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            got = c.colorize(Lightness.of(lf, w, h), hints);
        }
        int[] want = expected(Fixtures.path(preset + ".onnx"), preset, l, w, h, s, at);
        int worst = 0;
        for (int i = 0; i < want.length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) {
                worst = Math.max(worst, Math.abs(((got[i] >> sh) & 255) - ((want[i] >> sh) & 255)));
            }
        }
        assertTrue(worst <= 1, preset + "." + ext + ": up to " + worst + " levels from the reference pipeline");
        assertTrue(colorful(want), "the reference image has colors (the test would not see a missing a*b*)");
    }

    @Test
    void aHintChangesTheColorsOfAHintsNetwork() throws Exception {
        Path model = dir.resolve("h.zip");
        NetworkImport.run(Fixtures.path("l-hints-ab.onnx"), "l-hints-ab", 64, null, model);
        int w = 128;
        int h = 128;
        float[] l = new float[w * h];
        java.util.Arrays.fill(l, 60f);
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            assertTrue(c.takesHints());
            int[] plain = c.colorize(Lightness.of(l, w, h), null);
            int[] hinted = c.colorize(Lightness.of(l, w, h),
                    new HintSet(w, h, List.of(Hint.disk(64, 64, 3, 60f, 40f))));
            int p = 64 * w + 64;
            assertTrue(((hinted[p] >> 16) & 255) > ((plain[p] >> 16) & 255) + 20,
                    "a red hint makes its place redder: " + Integer.toHexString(plain[p]) + " -> "
                            + Integer.toHexString(hinted[p]));
        }
    }

    @Test
    void strengthAndTheSpreadingStageActOnImportedNetworksToo() throws Exception {
        Path model = dir.resolve("l.zip");
        NetworkImport.run(Fixtures.path("l-ab.onnx"), "l-ab", 64, null, model);
        int w = 96;
        int h = 64;
        double[] ld = grayL(w, h);
        float[] l = new float[ld.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) ld[i];
        }
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            assertTrue(c.takesHints(), "hints reach it through the spreading stage");
            int[] plain = c.colorize(Lightness.of(l, w, h), null);
            int[] hinted = c.colorize(Lightness.of(l, w, h), new HintSet(w, h, List.of(Hint.disk(30, 30, 3, 0f, -60f))));
            int p = 30 * w + 30;
            assertTrue((hinted[p] & 255) > (plain[p] & 255) + 20, "a blue hint makes its place bluer: "
                    + Integer.toHexString(plain[p]) + " -> " + Integer.toHexString(hinted[p]));
            int[] gray = c.with(0f, 0).colorize(Lightness.of(l, w, h), null);
            for (int q : gray) {
                int r = (q >> 16) & 255;
                int b = q & 255;
                assertTrue(Math.abs(r - b) <= 1, "strength 0 is gray: " + Integer.toHexString(q));
            }
        }
    }

    @Test
    void aStackIsColorizedSliceBySliceAsEachSliceAlone() throws Exception {
        Path model = dir.resolve("s.zip");
        NetworkImport.run(Fixtures.path("grayrgb-ab.pt"), "grayrgb-ab", 32, null, model);
        int w = 70;
        int h = 50;
        List<Lightness> slices = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[] l = new float[w * h];
            for (int i = 0; i < l.length; i++) {
                l[i] = (float) (50 + 40 * Math.sin(i * 0.013 * (k + 1)));
            }
            slices.add(Lightness.of(l, w, h));
        }
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            List<Colorizer.AbField> stack = c.predict(slices);
            assertEquals(3, stack.size());
            for (int k = 0; k < 3; k++) {
                Colorizer.AbField alone = c.predict(List.of(slices.get(k))).get(0);
                assertEquals(32, alone.width, "the field is the network's output grid");
                assertTrue(java.util.Arrays.equals(alone.a, stack.get(k).a) && java.util.Arrays.equals(alone.b,
                        stack.get(k).b), "slice " + k);
            }
            assertTrue(!java.util.Arrays.equals(stack.get(0).a, stack.get(1).a), "slices differ");
        }
    }

    /** A gray image with structure: L* of 8-bit gray values, computed here. */
    static double[] grayL(int w, int h) {
        double[] l = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) (127.5 + 120 * Math.sin(x * 0.11) * Math.cos(y * 0.07 + x * 0.02));
                double c = v / 255.0;
                double lin = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
                l[y * w + x] = 116 * f(lin) - 16;
            }
        }
        return l;
    }

    static int[] expected(Path onnx, String preset, double[] l, int w, int h, int s, int[][] hints) throws Exception {
        double[] small = resize(l, w, h, s, s);
        Map<String, float[]> inputs = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int plane = s * s;
        switch (preset) {
            case "l-ab":
                inputs.put("l", toFloat(small));
                shapes.put("l", new long[] {1, 1, s, s});
                break;
            case "l-hints-ab": {
                float[] ab = new float[2 * plane];
                float[] mask = new float[plane];
                float[] count = new float[plane];
                for (int[] hint : hints) { // one-pixel hints {x, y, a*, b*}: the cell the pixel falls in
                    int cell = (int) Math.floor((double) hint[1] * s / h) * s + (int) Math.floor((double) hint[0] * s / w);
                    ab[cell] += hint[2];
                    ab[plane + cell] += hint[3];
                    count[cell]++;
                }
                for (int i = 0; i < plane; i++) {
                    if (count[i] > 0) {
                        ab[i] /= count[i];
                        ab[plane + i] /= count[i];
                        mask[i] = 1;
                    }
                }
                inputs.put("l", toFloat(small));
                shapes.put("l", new long[] {1, 1, s, s});
                inputs.put("ab", ab);
                shapes.put("ab", new long[] {1, 2, s, s});
                inputs.put("mask", mask);
                shapes.put("mask", new long[] {1, 1, s, s});
                break;
            }
            default: {
                float[] rgb = new float[3 * plane];
                double[] mean = {0.485, 0.456, 0.406};
                double[] std = {0.229, 0.224, 0.225};
                for (int i = 0; i < plane; i++) {
                    double g = srgb(fInv((small[i] + 16) / 116)); // the gray RGB of (L*, 0, 0)
                    for (int c = 0; c < 3; c++) {
                        rgb[c * plane + i] = (float) (preset.equals("rgb-rgb") ? (g - mean[c]) / std[c] : g);
                    }
                }
                inputs.put("rgb", rgb);
                shapes.put("rgb", new long[] {1, 3, s, s});
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] out;
        long[] shape;
        try (OrtSession session = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (String k : inputs.keySet()) {
                feed.put(k, OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs.get(k)), shapes.get(k)));
            }
            try (OrtSession.Result r = session.run(feed)) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                shape = t.getInfo().getShape();
                FloatBuffer fb = t.getFloatBuffer();
                out = new float[fb.remaining()];
                fb.get(out);
            }
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
        int oh = (int) shape[2];
        int ow = (int) shape[3];
        int op = oh * ow;
        double[] a = new double[op];
        double[] b = new double[op];
        for (int i = 0; i < op; i++) {
            if (preset.equals("rgb-rgb")) {
                double[] lab = lab(lin(out[i]), lin(out[op + i]), lin(out[2 * op + i]));
                a[i] = lab[1];
                b[i] = lab[2];
            } else {
                a[i] = out[i];
                b[i] = out[op + i];
            }
        }
        double[] fa = bilinear(a, ow, oh, w, h);
        double[] fb = bilinear(b, ow, oh, w, h);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = labToRgb(l[i], fa[i], fb[i]);
        }
        return rgb;
    }

    /** Resamples each axis on its own: area average where it shrinks, linear (centres aligned) where it grows. */
    static double[] resize(double[] src, int sw, int sh, int dw, int dh) {
        double[] across = new double[dw * sh];
        for (int y = 0; y < sh; y++) {
            double[] row = axis(java.util.Arrays.copyOfRange(src, y * sw, (y + 1) * sw), dw);
            System.arraycopy(row, 0, across, y * dw, dw);
        }
        double[] out = new double[dw * dh];
        for (int x = 0; x < dw; x++) {
            double[] col = new double[sh];
            for (int y = 0; y < sh; y++) {
                col[y] = across[y * dw + x];
            }
            double[] r = axis(col, dh);
            for (int y = 0; y < dh; y++) {
                out[y * dw + x] = r[y];
            }
        }
        return out;
    }

    private static double[] axis(double[] v, int m) {
        int n = v.length;
        double[] out = new double[m];
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            if (m <= n) {
                double lo = i * scale;
                double hi = lo + scale;
                double sum = 0;
                for (int k = (int) Math.floor(lo); k < Math.min(n, Math.ceil(hi)); k++) {
                    sum += v[k] * Math.max(0, Math.min(hi, k + 1) - Math.max(lo, k));
                }
                out[i] = sum / scale;
            } else {
                double p = (i + 0.5) * scale - 0.5;
                int k = (int) Math.floor(p);
                double t = p - k;
                out[i] = v[clamp(k, n)] * (1 - t) + v[clamp(k + 1, n)] * t;
            }
        }
        return out;
    }

    /** Bilinear with half-pixel centres and clamped edges (PyTorch's interpolate, align_corners=False). */
    static double[] bilinear(double[] src, int sw, int sh, int dw, int dh) {
        double[] out = new double[dw * dh];
        for (int y = 0; y < dh; y++) {
            double py = (y + 0.5) * sh / dh - 0.5;
            int ky = (int) Math.floor(py);
            double ty = py - ky;
            for (int x = 0; x < dw; x++) {
                double px = (x + 0.5) * sw / dw - 0.5;
                int kx = (int) Math.floor(px);
                double tx = px - kx;
                double top = src[clamp(ky, sh) * sw + clamp(kx, sw)] * (1 - tx) + src[clamp(ky, sh) * sw + clamp(kx + 1, sw)] * tx;
                double bot = src[clamp(ky + 1, sh) * sw + clamp(kx, sw)] * (1 - tx)
                        + src[clamp(ky + 1, sh) * sw + clamp(kx + 1, sw)] * tx;
                out[y * dw + x] = top * (1 - ty) + bot * ty;
            }
        }
        return out;
    }

    private static int clamp(int k, int n) {
        return Math.max(0, Math.min(n - 1, k));
    }

    private static double f(double t) {
        return t > 216.0 / 24389.0 ? Math.cbrt(t) : (24389.0 / 27.0 * t + 16) / 116;
    }

    private static double fInv(double t) {
        return t * t * t > 216.0 / 24389.0 ? t * t * t : (116 * t - 16) / (24389.0 / 27.0);
    }

    private static double srgb(double lin) {
        lin = Math.max(0, Math.min(1, lin));
        return lin <= 0.0031308 ? lin * 12.92 : 1.055 * Math.pow(lin, 1 / 2.4) - 0.055;
    }

    private static double lin(double c) {
        c = Math.max(0, Math.min(1, c));
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double[] lab(double r, double g, double b) {
        double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
        double fx = f(x / XN);
        double fy = f(y);
        double fz = f(z / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static int labToRgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double x = XN * fInv(fy + a / 500);
        double y = fInv(fy);
        double z = ZN * fInv(fy - b / 200);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bb = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return 0xff000000 | enc(r) << 16 | enc(g) << 8 | enc(bb);
    }

    private static int enc(double lin) {
        return (int) Math.floor(srgb(lin) * 255 + 0.5);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static boolean colorful(int[] rgb) {
        int n = 0;
        for (int p : rgb) {
            int r = (p >> 16) & 255;
            int g = (p >> 8) & 255;
            int b = p & 255;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 10) {
                n++;
            }
        }
        return n > rgb.length / 4;
    }
}
