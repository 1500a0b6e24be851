package org.colorizer.color;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.colorizer.engine.Engines;
import org.junit.jupiter.api.Test;

class TensorsTest {
    private static float[] random(SplittableRandom rnd, int n, double lo, double hi) {
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) rnd.nextDouble(lo, hi);
        }
        return p;
    }

    @Test
    void roundTripShapesAndBatchLayout() {
        int h = 37;
        int w = 53;
        SplittableRandom rnd = new SplittableRandom(3);
        List<float[]> ls = Arrays.asList(random(rnd, h * w, 0, 100), random(rnd, h * w, 0, 100),
                random(rnd, h * w, 0, 100));
        List<float[]> as = Arrays.asList(random(rnd, h * w, -128, 128), random(rnd, h * w, -128, 128),
                random(rnd, h * w, -128, 128));
        List<float[]> bs = Arrays.asList(random(rnd, h * w, -128, 128), random(rnd, h * w, -128, 128),
                random(rnd, h * w, -128, 128));
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray l = Tensors.lToTensor(m, ls, h, w);
            NDArray ab = Tensors.abToTensor(m, as, bs, h, w);
            assertEquals(new Shape(3, 1, h, w), l.getShape());
            assertEquals(new Shape(3, 2, h, w), ab.getShape());
            float[] all = l.toFloatArray();
            float[] allAb = ab.toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int p = 0; p < h * w; p++) { // image i is slice i; a is channel 0, b channel 1
                    assertEquals(ls.get(i)[p] / 50f - 1f, all[i * h * w + p], 1e-6f);
                    assertEquals(as.get(i)[p] / 110f, allAb[(2 * i) * h * w + p], 1e-6f);
                    assertEquals(bs.get(i)[p] / 110f, allAb[(2 * i + 1) * h * w + p], 1e-6f);
                }
                float[] lBack = new float[h * w];
                float[] aBack = new float[h * w];
                float[] bBack = new float[h * w];
                Tensors.tensorToL(l, i, lBack);
                Tensors.tensorToAb(ab, i, aBack, bBack);
                for (int p = 0; p < h * w; p++) {
                    assertEquals(ls.get(i)[p], lBack[p], 2 * Math.ulp(100f));
                    assertEquals(as.get(i)[p], aBack[p], 2 * Math.ulp(128f));
                    assertEquals(bs.get(i)[p], bBack[p], 2 * Math.ulp(128f));
                }
            }
            List<float[]> aAll = List.of(new float[h * w], new float[h * w], new float[h * w]);
            List<float[]> bAll = List.of(new float[h * w], new float[h * w], new float[h * w]);
            Tensors.tensorToAb(ab, aAll, bAll);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(as.get(i), aAll.get(i), 2 * Math.ulp(128f));
                assertArrayEquals(bs.get(i), bAll.get(i), 2 * Math.ulp(128f));
            }
            // a computed tensor (not our buffer) reads back the same way
            NDArray doubled = ab.mul(2);
            float[] a2 = new float[h * w];
            float[] b2 = new float[h * w];
            Tensors.tensorToAb(doubled, 2, a2, b2);
            assertEquals(2 * as.get(2)[5], a2[5], 1e-4f);
            assertThrows(IndexOutOfBoundsException.class, () -> Tensors.tensorToAb(ab, 3, a2, b2));
            assertThrows(IllegalArgumentException.class, () -> Tensors.tensorToAb(l, 0, a2, b2));
        }
    }

    @Test
    void cropsMirrorAtBordersAndRegionsLandInPlace() {
        int pw = 4;
        int ph = 3;
        float[] plane = new float[pw * ph];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = 10 * i;
        }
        int w = 9;
        int h = 6;
        Tensors.Crop crop = new Tensors.Crop(pw, ph, -3, -2);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray t = Tensors.lToTensor(m, List.of(plane), List.of(crop), h, w);
            assertEquals(new Shape(1, 1, h, w), t.getShape());
            float[] got = t.toFloatArray();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sx = Tensors.reflect(x - 3, pw);
                    int sy = Tensors.reflect(y - 2, ph);
                    assertEquals(plane[sy * pw + sx] / 50f - 1f, got[y * w + x], 1e-6f, "at " + x + "," + y);
                }
            }
            // a 2x2 region of a tile at (1,1) goes to (2,0) of a 5 x 3 plane; nothing else is touched
            float[] a = new float[pw * ph];
            float[] b = new float[pw * ph];
            NDArray ab = Tensors.abToTensor(m, List.of(plane), List.of(plane), List.of(crop), h, w);
            float[] ta = new float[15];
            float[] tb = new float[15];
            Arrays.fill(ta, -7f);
            Tensors.tensorToAb(ab, 0, 1, 1, 2, 2, ta, tb, 5, 2, 0);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    boolean inside = x >= 2 && x < 4 && y < 2;
                    float expected = inside
                            ? plane[Tensors.reflect(y + 1 - 2, ph) * pw + Tensors.reflect(x - 2 + 1 - 3, pw)]
                            : -7f;
                    assertEquals(expected, ta[y * 5 + x], 1e-4f, "at " + x + "," + y);
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Tensors.tensorToAb(ab, 0, 8, 0, 2, 1, a, b, pw, 0, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> Tensors.lToTensor(m, List.of(new float[3]), 2, 2));
        }
    }

    @Test
    void reflectIndices() {
        int[] expected = {2, 1, 0, 1, 2, 3, 2, 1, 0, 1};
        for (int i = -2; i < 8; i++) {
            assertEquals(expected[i + 2], Tensors.reflect(i, 4), "i=" + i);
        }
        assertEquals(0, Tensors.reflect(-5, 1));
        assertEquals(1, Tensors.reflect(-13, 2));
    }

    @Test
    void multiThreadedPackingEqualsSingleThreaded() {
        int h = 300;
        int w = 300;
        SplittableRandom rnd = new SplittableRandom(5);
        List<float[]> ls = List.of(random(rnd, h * w, 0, 100), random(rnd, h * w, 0, 100));
        int saved = Tensors.threads();
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Tensors.setThreads(1);
            float[] one = Tensors.lToTensor(m, ls, h, w).toFloatArray();
            Tensors.setThreads(4);
            float[] four = Tensors.lToTensor(m, ls, h, w).toFloatArray();
            assertArrayEquals(one, four);
        } finally {
            Tensors.setThreads(saved);
        }
    }
}
