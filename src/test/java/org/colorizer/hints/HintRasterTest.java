package org.colorizer.hints;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hints on the working grid: small ones survive the shrink, colors are the hints' own, planes match the output's. */
class HintRasterTest {

    @Test
    void aOnePixelHintSurvivesAShrinkToATenthAndKeepsItsColor() {
        HintSet set = new HintSet(1000, 800, List.of(Hint.disk(537, 211, 0, 40f, -22f)));
        float[][] p = HintRaster.rasterize(set, 100, 80);
        int marked = 0;
        for (int i = 0; i < p[2].length; i++) {
            if (p[2][i] == 1f) {
                marked++;
                assertEquals(21 * 100 + 53, i, "the cell the pixel falls in");
                assertEquals(40f / 110f, p[0][i], 1e-6f);
                assertEquals(-22f / 110f, p[1][i], 1e-6f);
            }
        }
        assertEquals(1, marked);
    }

    @Test
    void disksAreasOverlapAndTheImageBorder() {
        boolean[] mask = new boolean[4 * 3];
        mask[0] = true; // only the top-left pixel of a 4x3 box at (10, 10)
        mask[11] = true; // and its bottom-right one
        HintSet set = new HintSet(20, 20, List.of(
                Hint.disk(2, 2, 1, 10f, 0f),            // 5 pixels: (2,2) and its 4 neighbours
                Hint.area(10, 10, 4, 3, mask, 0f, 30f),
                Hint.disk(2, 2, 0, 30f, 0f),            // on top of the first: the cell's colors mix
                Hint.disk(19, 19, 5, -5f, 5f)));        // partly outside: only inside pixels count
        float[][] p = HintRaster.rasterize(set, 20, 20);
        boolean[] cov = set.coverage();
        for (int i = 0; i < 400; i++) {
            assertEquals(cov[i] ? 1f : 0f, p[2][i], "mask at " + i);
        }
        assertEquals(20f / 110f, p[0][2 * 20 + 2], 1e-6f, "mean of the two hints at (2,2)");
        assertEquals(10f / 110f, p[0][2 * 20 + 3], 1e-6f);
        assertEquals(30f / 110f, p[1][10 * 20 + 10], 1e-6f);
        assertEquals(30f / 110f, p[1][12 * 20 + 13], 1e-6f);
        assertEquals(0f, p[2][10 * 20 + 11], "unmasked pixel of the area");
        assertEquals(1f, p[2][19 * 20 + 19]);
    }

    @Test
    void growingAGridPlacesEachPixelOnce() {
        HintSet set = new HintSet(10, 10, List.of(Hint.disk(3, 4, 0, 1f, 2f)));
        float[][] p = HintRaster.rasterize(set, 40, 40);
        float sum = 0;
        for (float v : p[2]) {
            sum += v;
        }
        assertEquals(1f, sum, "a hint of one pixel marks one cell");
        assertEquals(1f, p[2][16 * 40 + 12]);
    }

    @Test
    void simulationFollowsItsSettingsAndTheTrueColors() {
        HintSimulation sim = new HintSimulation();
        int s = 64;
        float[] a = new float[s * s];
        float[] b = new float[s * s];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % s) < s / 2 ? 50f : -30f; // left half one color, right half another
            b[i] = 20f;
        }
        int none = 0;
        long total = 0;
        int crops = 4000;
        for (int k = 0; k < crops; k++) {
            float[] out = new float[3 * s * s];
            SplittableRandom rng = new SplittableRandom(k);
            int n = sim.simulate(a, b, s, rng, out, 0);
            total += n;
            if (n == 0) {
                none++;
                for (float v : out) {
                    assertEquals(0f, v);
                }
            }
            for (int i = 0; i < s * s; i++) {
                if (out[2 * s * s + i] == 1f) {
                    // a hint's color is the mean true color over its patch: between the two halves' colors
                    assertTrue(out[i] >= -30f / 110f - 1e-6 && out[i] <= 50f / 110f + 1e-6, "a* in range");
                    assertEquals(20f / 110f, out[s * s + i], 1e-6f, "b* is the true b*");
                    if (n > 0 && (i % s) < 10) {
                        // far from the border between the halves, the patch is all one color... or a large area
                        assertTrue(out[i] > 0 || out[i] < 0);
                    }
                }
            }
            // the same seed gives the same hints (resume draws the same)
            float[] again = new float[3 * s * s];
            assertEquals(n, sim.simulate(a, b, s, new SplittableRandom(k), again, 0));
            assertArrayEquals(out, again);
        }
        double shareNone = (double) none / crops;
        // geometric p = 1/8 in 90% of crops (10% get 20-64 hints): about 0.9 / 8 = 0.1125 get none
        assertEquals(0.1125, shareNone, 0.02, "share of crops without hints");
        double mean = (double) total / crops;
        // 0.9 * 7 + 0.1 * 42 = 10.5
        assertEquals(10.5, mean, 1.0, "mean number of hints");
    }
}
