package org.colorizer.color;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabTest {
    // sRGB -> XYZ from the primaries and the D65 chromaticity (computed independently with numpy)
    private static final double[][] M = {
        {0.4123907992659594, 0.35758433938387796, 0.1804807884018343},
        {0.2126390058715103, 0.7151686787677559, 0.07219231536073371},
        {0.019330818715591825, 0.11919477979462596, 0.9505321522496607}
    };
    private static final double[] WHITE = {0.9504559270516716, 1.0, 1.0890577507598784};

    /** Straight from the CIE formulas: the independent check of {@link Lab#toLab}. */
    private static double[] cieLab(int r8, int g8, int b8) {
        double[] rgb = {r8 / 255.0, g8 / 255.0, b8 / 255.0};
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i];
            lin[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) {
            double t = (M[i][0] * lin[0] + M[i][1] * lin[1] + M[i][2] * lin[2]) / WHITE[i];
            f[i] = t > Math.pow(6.0 / 29, 3) ? Math.cbrt(t) : t / (3 * Math.pow(6.0 / 29, 2)) + 4.0 / 29;
        }
        return new double[] {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
    }

    private static void assertLab(double l, double a, double b, double[] lab, double tol) {
        assertEquals(l, lab[0], tol, "L");
        assertEquals(a, lab[1], tol, "a");
        assertEquals(b, lab[2], tol, "b");
    }

    @Test
    void referenceValues() {
        assertLab(100, 0, 0, Lab.toLab(255, 255, 255), 0.01);
        assertLab(0, 0, 0, Lab.toLab(0, 0, 0), 0.01);
        assertLab(53.24, 80.09, 67.20, Lab.toLab(255, 0, 0), 0.01);
        assertLab(87.7355, -86.1816, 83.1866, Lab.toLab(0, 255, 0), 0.001);
        assertLab(32.3009, 79.1953, -107.8555, Lab.toLab(0, 0, 255), 0.001);
        int[][] colors = {{0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255}, {128, 128, 128},
            {1, 2, 3}, {10, 200, 30}, {250, 128, 114}, {70, 130, 180}, {5, 5, 5}, {254, 1, 127}};
        for (int[] c : colors) {
            double[] expected = cieLab(c[0], c[1], c[2]);
            assertLab(expected[0], expected[1], expected[2], Lab.toLab(c[0], c[1], c[2]), 1e-9);
        }
        assertArrayEquals(WHITE, new double[] {Lab.XN, Lab.YN, Lab.ZN}, 1e-12);
    }

    @Test
    void grayHasNoChromaAndLDependsOnValueOnly() {
        float previous = -1;
        for (int v = 0; v < 256; v++) {
            double[] lab = Lab.toLab(v, v, v);
            assertEquals(0, lab[1], 1e-9);
            assertEquals(0, lab[2], 1e-9);
            assertEquals((float) lab[0], Lab.grayToL(v), 1e-5f);
            assertEquals((float) Lab.intensityToL(v / 255.0), Lab.grayToL(v));
            assertTrue(Lab.grayToL(v) > previous, "L increases with the gray value");
            previous = Lab.grayToL(v);
            assertEquals(v, Lab.lToGray(Lab.grayToL(v)));
            assertEquals(v / 255.0, Lab.lToIntensity(Lab.intensityToL(v / 255.0)), 1e-12);
        }
        // fast path agrees on grays
        int[] px = new int[256];
        for (int v = 0; v < 256; v++) {
            px[v] = 0xff000000 | v << 16 | v << 8 | v;
        }
        float[] l = new float[256], a = new float[256], b = new float[256];
        Lab.rgbToLab(px, 0, 256, l, a, b, 0);
        byte[] gray = new byte[256];
        int[] argb = new int[256];
        Lab.lToGray(l, 0, 256, gray, 0);
        Lab.lToGrayArgb(l, 0, 256, argb, 0);
        for (int v = 0; v < 256; v++) {
            assertEquals(Lab.grayToL(v), l[v], 2e-5f);
            assertEquals(0, a[v], 1e-4f);
            assertEquals(0, b[v], 1e-4f);
            assertEquals(v, gray[v] & 255);
            assertEquals(px[v], argb[v]);
        }
    }

    @Test
    void allSixteenMillionColorsSurviveTheFastRoundTrip() {
        LabConverter conv = LabConverter.allCores();
        int block = 1 << 22;
        int[] in = new int[block];
        int[] out = new int[block];
        float[] l = new float[block], a = new float[block], b = new float[block];
        long mismatches = 0;
        int first = -1;
        for (int start = 0; start < 1 << 24; start += block) {
            for (int i = 0; i < block; i++) {
                in[i] = 0xff000000 | (start + i);
            }
            conv.rgbToLab(in, 0, block, l, a, b, 0);
            java.util.Arrays.fill(out, 0);
            conv.labToRgb(l, a, b, 0, block, out, 0);
            for (int i = 0; i < block; i++) {
                if (out[i] != in[i]) {
                    mismatches++;
                    if (first < 0) {
                        first = in[i];
                    }
                }
            }
        }
        String message = mismatches + " colors change, first: " + Integer.toHexString(first);
        assertEquals(0, mismatches, message);
    }

    @Test
    void fastPathMatchesDoubleReference() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 200_000;
        int[] px = new int[n + 7];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt();
        }
        float[] l = new float[n + 3], a = new float[n + 3], b = new float[n + 3];
        Lab.rgbToLab(px, 7, n, l, a, b, 3);
        float[] lOnly = new float[n];
        Lab.rgbToL(px, 7, n, lOnly, 0);
        double maxErr = 0;
        for (int i = 0; i < n; i++) {
            int p = px[7 + i];
            double[] ref = Lab.toLab((p >> 16) & 255, (p >> 8) & 255, p & 255);
            maxErr = Math.max(maxErr, Math.abs(ref[0] - l[3 + i]));
            maxErr = Math.max(maxErr, Math.abs(ref[1] - a[3 + i]));
            maxErr = Math.max(maxErr, Math.abs(ref[2] - b[3 + i]));
            assertEquals(l[3 + i], lOnly[i]);
        }
        System.out.println("max |fast - reference| = " + maxErr);
        assertTrue(maxErr < 2e-4, "max |fast - reference| = " + maxErr);
    }

    @Test
    void fastLabToRgbRoundsLikeTheDoubleReference() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 200_000;
        float[] l = new float[n], a = new float[n], b = new float[n];
        for (int i = 0; i < n; i++) { // includes out-of-gamut colors, which must clamp
            l[i] = (float) rnd.nextDouble(-5, 105);
            a[i] = (float) rnd.nextDouble(-130, 130);
            b[i] = (float) rnd.nextDouble(-130, 130);
        }
        int[] out = new int[n];
        Lab.labToRgb(l, a, b, 0, n, out, 0);
        int compared = 0;
        for (int i = 0; i < n; i++) {
            double[] lin = Lab.labToLinear(l[i], a[i], b[i]);
            int[] ref = Lab.toRgb(l[i], a[i], b[i]);
            int[] got = {(out[i] >> 16) & 255, (out[i] >> 8) & 255, out[i] & 255};
            assertEquals(0xff, out[i] >>> 24);
            for (int c = 0; c < 3; c++) {
                double v = Lab.linearToSrgb(Math.min(1, Math.max(0, lin[c]))) * 255;
                if (Math.abs(v - Math.floor(v) - 0.5) < 1e-3) {
                    continue; // a tie within float precision may go either way
                }
                compared++;
                assertEquals(ref[c], got[c], "channel " + c + " of Lab " + l[i] + "," + a[i] + "," + b[i]);
            }
        }
        assertTrue(compared > 3 * n * 0.99);
    }

    @Test
    void oddInputsAreSafe() {
        float[] l = {Float.NaN, 100, 0, 200, -50};
        float[] a = {0, Float.POSITIVE_INFINITY, Float.NaN, 0, 0};
        float[] b = {0, 0, 0, 0, 0};
        int[] out = new int[5];
        Lab.labToRgb(l, a, b, 0, 5, out, 0);
        assertEquals(0xff000000, out[0]);
        assertEquals(0xffffffff, out[3]);
        assertEquals(0xff000000, out[4]);
        assertThrows(IndexOutOfBoundsException.class, () -> Lab.labToRgb(l, a, b, 1, 5, out, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Lab.rgbToLab(out, 0, 5, l, a, b, 1));
    }
}
