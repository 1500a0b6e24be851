package org.colorizer.color;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.colorizer.ColorizerException;
import org.colorizer.color.ImagePlanes.Kind;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    /** numpy.percentile(x[isfinite(x)], p), written directly. */
    private static double reference(double[] values, double p) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        double h = (v.length - 1) * p / 100;
        int k = (int) Math.floor(h);
        return k + 1 < v.length ? v[k] + (h - k) * (v[k + 1] - v[k]) : v[k];
    }

    private static double[] values(ImagePlanes img) {
        List<Double> all = new ArrayList<>();
        for (int s = 0; s < img.slices(); s++) {
            ImagePlanes.Plane p = img.plane(s);
            for (int i = 0; i < p.length; i++) {
                switch (p.kind) {
                    case GRAY8:
                        all.add((double) (((byte[]) p.array)[p.offset + i] & 0xff));
                        break;
                    case GRAY16:
                        all.add((double) (((short[]) p.array)[p.offset + i] & 0xffff));
                        break;
                    default:
                        all.add((double) ((float[]) p.array)[p.offset + i]);
                }
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void eightBitFullRangeIsExactlyGrayToL() {
        byte[] px = new byte[256];
        for (int v = 0; v < 256; v++) {
            px[v] = (byte) v;
        }
        ImagePlanes img = ImagePlanes.of(Kind.GRAY8, 16, 16, List.of(px));
        for (Normalization n : new Normalization[] {Normalization.fixed(0, 255), Normalization.typeRange(),
            Normalization.minMax()}) {
            float[] l = img.lPlane(0, n.resolve(img));
            for (int v = 0; v < 256; v++) {
                assertEquals(Lab.grayToL(v), l[v], n.describe() + " at " + v);
            }
        }
    }

    @Test
    void sixteenBitRangesAndClipping() {
        short[] px = {0, 1000, 2000, 3000, (short) 65535, 500};
        ImagePlanes img = ImagePlanes.of(Kind.GRAY16, 3, 2, List.of(px));
        Normalization.Range r = Normalization.fixed(1000, 3000).resolve(img);
        float[] l = img.lPlane(0, r);
        assertEquals(0f, l[0]);
        assertEquals(0f, l[1]);
        assertEquals((float) Lab.intensityToL(0.5), l[2]);
        assertEquals(100f, l[3], 1e-4f);
        assertEquals(100f, l[4], 1e-4f);
        assertEquals(0f, l[5]);
        Normalization.Range t = Normalization.typeRange().resolve(img);
        assertEquals(65535, t.high());
        assertEquals((float) Lab.intensityToL(2000 / 65535.0), img.lPlane(0, t)[2]);
    }

    @Test
    void integerPercentilesAreExact() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<short[]> slices = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            short[] a = new short[100 * 77];
            for (int i = 0; i < a.length; i++) {
                a[i] = (short) (rnd.nextInt(4000) + (s == 2 ? 20000 : 0) + (rnd.nextInt(100) == 0 ? 40000 : 0));
            }
            slices.add(a);
        }
        ImagePlanes img = ImagePlanes.of(Kind.GRAY16, 100, 77, slices);
        double[] all = values(img);
        for (double[] p : new double[][] {{0.1, 99.9}, {1, 99}, {0, 100}, {3.3, 50}}) {
            Normalization.Range r = Normalization.percentile(p[0], p[1]).resolve(img);
            assertEquals(reference(all, p[0]), r.low(), 1e-9);
            assertEquals(reference(all, p[1]), r.high(), 1e-9);
        }
        byte[] eight = new byte[1001];
        for (int i = 0; i < eight.length; i++) {
            eight[i] = (byte) rnd.nextInt(256);
        }
        ImagePlanes img8 = ImagePlanes.of(Kind.GRAY8, 1001, 1, List.of(eight));
        Normalization.Range r8 = Normalization.percentile(2.5, 97.25).resolve(img8);
        assertEquals(reference(values(img8), 2.5), r8.low(), 1e-9);
        assertEquals(reference(values(img8), 97.25), r8.high(), 1e-9);
        // per slice: the third slice is much brighter
        Normalization.Range[] per = Normalization.percentile().perSlice(true).resolveAll(img);
        assertTrue(per[2].low() > per[0].low() + 15000);
        for (int sl = 0; sl < 3; sl++) {
            ImagePlanes one = ImagePlanes.of(Kind.GRAY16, 100, 77, List.of(slices.get(sl)));
            assertEquals(reference(values(one), 0.1), per[sl].low(), 1e-9);
            assertEquals(reference(values(one), 99.9), per[sl].high(), 1e-9);
        }
        Normalization.Range[] together = Normalization.percentile().resolveAll(img);
        assertSame(together[0], together[2]);
    }

    @Test
    void floatPercentilesAreExactAndIgnoreNonFinite() {
        java.util.Random rnd = new java.util.Random(5);
        List<float[]> slices = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            float[] a = new float[50_000];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (Math.exp(rnd.nextGaussian() * 3) - 2);
            }
            a[7] = Float.NaN;
            a[8] = Float.POSITIVE_INFINITY;
            a[9] = Float.NEGATIVE_INFINITY;
            slices.add(a);
        }
        ImagePlanes img = ImagePlanes.of(Kind.GRAY32, 500, 100, slices);
        double[] all = values(img);
        for (double[] p : new double[][] {{0.1, 99.9}, {0, 100}, {25, 75.5}}) {
            Normalization.Range r = Normalization.percentile(p[0], p[1]).resolve(img);
            assertEquals(reference(all, p[0]), r.low(), 0.0, "p" + p[0]);
            assertEquals(reference(all, p[1]), r.high(), 0.0, "p" + p[1]);
        }
        Normalization.Range mm = Normalization.minMax().resolve(img);
        assertEquals(Arrays.stream(all).filter(Double::isFinite).min().getAsDouble(), mm.low());
        assertEquals(Arrays.stream(all).filter(Double::isFinite).max().getAsDouble(), mm.high());
        float[] l = img.lPlane(0, mm);
        assertEquals(0f, l[7]);
        assertEquals(0f, l[8]);
        assertEquals(0f, l[9]);
        for (int i = 10; i < 2000; i++) { // float path (table) against the double formula
            assertEquals(mm.toL(slices.get(0)[i]), l[i], 1e-4);
        }
    }

    @Test
    void floatPercentilesRefineCrowdedBins() {
        // 5 M samples crowd into one of 65536 bins because of two far outliers: forces a refinement pass
        int n = 5_000_000;
        float[] a = new float[n];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(1, 2);
        }
        a[0] = -1e30f;
        a[1] = 1e30f;
        ImagePlanes img = ImagePlanes.of(Kind.GRAY32, 1000, 5000, List.of(a));
        Normalization.Range r = Normalization.percentile(0.1, 99.9).resolve(img);
        float[] sorted = a.clone();
        Arrays.sort(sorted);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = sorted[i];
        }
        assertEquals(reference(d, 0.1), r.low(), 0.0);
        assertEquals(reference(d, 99.9), r.high(), 0.0);
    }

    @Test
    void constantAndEmptyImagesHaveDefinedResults() {
        float[] c = new float[64];
        Arrays.fill(c, 42f);
        c[3] = Float.NaN;
        ImagePlanes img = ImagePlanes.of(Kind.GRAY32, 8, 8, List.of(c));
        Normalization.Range r = Normalization.percentile().resolve(img);
        assertEquals(42, r.low());
        assertEquals(42, r.high());
        float[] l = img.lPlane(0, r);
        assertEquals((float) Lab.intensityToL(0.5), l[0], 1e-4f);
        assertEquals(0f, l[3]);
        assertEquals(0, r.intensity(41));
        assertEquals(1, r.intensity(43));
        assertNull(r.asFixed());
        float[] nan = new float[4];
        Arrays.fill(nan, Float.NaN);
        ImagePlanes none = ImagePlanes.of(Kind.GRAY32, 2, 2, List.of(nan));
        Normalization.Range e = Normalization.minMax().resolve(none);
        assertEquals(0, e.low());
        assertEquals(0, e.high());
        assertArrayEquals(new float[4], none.lPlane(0, e));
    }

    @Test
    void describeParseAndSpec() {
        float[] px = {0, 10, 20, 30};
        ImagePlanes img = ImagePlanes.of(Kind.GRAY32, 2, 2, List.of(px));
        Normalization.Range r = Normalization.parse("percentile:0:100").resolve(img);
        assertEquals("percentile 0-100 -> [0.0, 30.0]", r.describe());
        Map<String, Object> m = r.toMap();
        assertEquals("percentile", m.get("kind"));
        assertEquals(0.0, m.get("pLow"));
        assertEquals(30.0, m.get("high"));
        assertEquals("fixed:0:30", r.asFixed().spec());
        for (String spec : new String[] {"percentile:0.1:99.9", "minmax", "fixed:0:4095", "type",
            "percentile:1:99.5:slice", "minmax:slice"}) {
            assertEquals(spec, Normalization.parse(spec).spec());
        }
        assertEquals("percentile:0.1:99.9", Normalization.parse("percentile").spec());
        assertTrue(Normalization.parse("minmax:slice").isPerSlice());
        for (String bad : new String[] {"", "percentile:5", "percentile:90:10", "fixed:3:3", "gamma", "fixed:a:b"}) {
            ColorizerException ex = assertThrows(ColorizerException.class, () -> Normalization.parse(bad));
            assertTrue(ex.getMessage().contains("normalization"), ex.getMessage());
        }
        assertEquals("rgb: L from RGB",
                Normalization.percentile().resolve(ImagePlanes.of(Kind.RGB, 1, 1, List.of(new int[1]))).describe());
    }
}
