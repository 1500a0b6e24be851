package org.colorizer.hints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;

class HintSpreadTest {
    private static final int W = 96;
    private static final int H = 64;

    private static float[] flat(float l) {
        float[] g = new float[W * H];
        Arrays.fill(g, l);
        return g;
    }

    /** Hint planes with the given cells hinted at (a*, b*). */
    private static float[][] hints(int[][] cells, float[][] colors) {
        float[][] p = new float[3][W * H];
        for (int i = 0; i < cells.length; i++) {
            int c = cells[i][1] * W + cells[i][0];
            p[0][c] = colors[i][0] / HintRaster.AB_SCALE;
            p[1][c] = colors[i][1] / HintRaster.AB_SCALE;
            p[2][c] = 1;
        }
        return p;
    }

    @Test
    void withoutHintsOrWhenOffNothingChanges() {
        float[] a = new float[W * H];
        float[] b = new float[W * H];
        Arrays.fill(a, 7);
        Arrays.fill(b, -3);
        new SpreadFilter(new HintSpread(0.2, 8, 0)).apply(flat(50), new float[3][W * H], 1, a, b, W, H);
        new SpreadFilter(HintSpread.off())
                .apply(flat(50), hints(new int[][] {{5, 5}}, new float[][] {{40, 40}}), 1, a, b, W, H);
        for (int p = 0; p < W * H; p++) {
            assertEquals(7f, a[p]);
            assertEquals(-3f, b[p]);
        }
    }

    @Test
    void oneHintWithoutFadingShiftsAFlatImageByItsResidual() {
        // normalized convolution of a single hinted cell is that cell's value everywhere
        float[] a = new float[W * H];
        float[] b = new float[W * H];
        Arrays.fill(a, 5);
        Arrays.fill(b, 10);
        new SpreadFilter(new HintSpread(0.1, 8, 0))
                .apply(flat(60), hints(new int[][] {{20, 30}}, new float[][] {{45, -20}}), 1, a, b, W, H);
        for (int p = 0; p < W * H; p += 37) {
            assertEquals(45f, a[p], 1e-3, "a* at cell " + p);
            assertEquals(-20f, b[p], 1e-3, "b* at cell " + p);
        }
    }

    @Test
    void fadingHalvesTheResidualAtAnIsolatedHintWhenFadeIsOne() {
        // far from the borders den at the hint equals peak, so the residual there is r / (1 + fade)
        int big = 401;
        float[] light = new float[big * big];
        Arrays.fill(light, 50);
        float[] a = new float[big * big];
        float[] b = new float[big * big];
        float[][] h = new float[3][big * big];
        int c = 200 * big + 200;
        h[0][c] = 30 / HintRaster.AB_SCALE;
        h[1][c] = -10 / HintRaster.AB_SCALE;
        h[2][c] = 1;
        HintSpread s = new HintSpread(0.02, 8, 1); // sigma 8 cells, far from every border
        new SpreadFilter(s).apply(light, h, 1, a, b, big, big);
        assertEquals(15f, a[c], 0.01);
        assertEquals(-5f, b[c], 0.01);
        // and it fades with distance: smaller further away, never of another sign
        assertTrue(a[c + 10] < a[c] && a[c + 10] > 0);
        assertTrue(a[c + 40] < 0.5f * a[c + 10]);
    }

    @Test
    void peakIsTheFilteredImpulseOfAFlatImage() {
        // direct check of the closed form: run the 2-D filter on an impulse and read its value
        int big = 301;
        float[] light = new float[big * big];
        Arrays.fill(light, 10);
        float[][] h = new float[3][big * big];
        int c = 150 * big + 150;
        h[2][c] = 1;
        h[0][c] = 1 / HintRaster.AB_SCALE; // residual 1 (prediction 0), fade 0: a = 1 wherever den > 0
        float[] a = new float[big * big];
        float[] b = new float[big * big];
        new SpreadFilter(new HintSpread(0.02, 5, 0)).apply(light, h, 1, a, b, big, big);
        assertEquals(1f, a[c], 1e-4);
        double sigma = 0.02 * big;
        double p = SpreadFilter.peak(sigma);
        // a 2-D kernel of spatial sigma s has its peak near 1 / (2 pi s^2) (Gaussian); the RF kernel is close
        double gaussian = 1 / (2 * Math.PI * sigma * sigma);
        assertTrue(p > 0.5 * gaussian && p < 2 * gaussian, "peak " + p + " vs Gaussian " + gaussian);
    }

    @Test
    void anEdgeStopsAHintAndEachSideTakesItsOwn() {
        // left half dark, right half light: a red hint on the left, a blue one on the right
        float[] light = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                light[y * W + x] = x < W / 2 ? 25 : 75;
            }
        }
        float[] a = new float[W * H];
        float[] b = new float[W * H];
        new SpreadFilter(new HintSpread(0.4, 4, 0)).apply(light, hints(new int[][] {{10, 32}, {80, 10}},
                new float[][] {{60, 40}, {10, -50}}), 1, a, b, W, H);
        for (int y = 0; y < H; y += 7) {
            // just across the edge from each other, two cells keep their own side's hint
            assertEquals(60f, a[y * W + W / 2 - 1], 0.5, "left of the edge, row " + y);
            assertEquals(10f, a[y * W + W / 2], 0.5, "right of the edge, row " + y);
            assertEquals(-50f, b[y * W + W - 1], 0.5);
        }
        // with the edge ignored (huge range sigma) the two hints mix near the middle
        float[] a2 = new float[W * H];
        float[] b2 = new float[W * H];
        new SpreadFilter(new HintSpread(0.4, 1000, 0)).apply(light, hints(new int[][] {{10, 32}, {80, 10}},
                new float[][] {{60, 40}, {10, -50}}), 1, a2, b2, W, H);
        float mid = a2[32 * W + W / 2 - 1];
        assertTrue(mid > 15 && mid < 55, "mixed value " + mid);
    }

    @Test
    void farFromEveryHintTheGlobalLevelHoldsTheHintsMeanResidualShrunkByTheirNumber() {
        int big = 401;
        float[] light = new float[big * big];
        Arrays.fill(light, 50);
        float[][] h = new float[3][big * big];
        int c1 = 20 * big + 20;
        int c2 = 20 * big + 220; // 200 cells away: sigma is 4 cells, the two do not overlap
        h[0][c1] = 30 / HintRaster.AB_SCALE;
        h[0][c2] = 10 / HintRaster.AB_SCALE;
        h[1][c1] = -8 / HintRaster.AB_SCALE;
        h[1][c2] = -4 / HintRaster.AB_SCALE;
        h[2][c1] = 1;
        h[2][c2] = 1;
        float[] a = new float[big * big];
        float[] b = new float[big * big];
        new SpreadFilter(new HintSpread(0.01, 8, 1, 2)).apply(light, h, 2, a, b, big, big);
        // g = (30 + 10) / (2 + 2) = 10 for a*, (-8 - 4) / 4 = -3 for b*; the far corner sees no local weight
        int far = (big - 1) * big + big - 1;
        assertEquals(10f, a[far], 1e-3);
        assertEquals(-3f, b[far], 1e-3);
        // at an isolated hint den = peak, so with fade 1 the residual is (own + g) / 2
        assertEquals(20f, a[c1], 0.01);
        assertEquals(-5.5f, b[c1], 0.01);
        // no global level: the far corner keeps the network's colors
        float[] a0 = new float[big * big];
        new SpreadFilter(new HintSpread(0.01, 8, 1)).apply(light, h, 2, a0, new float[big * big], big, big);
        assertEquals(0f, a0[far], 1e-3);
    }

    /** The eight settings in {@link HintSpread#KEYS} order. */
    private static double[] values(HintSpread s) {
        return new double[] {s.sigmaSpace, s.sigmaRange, s.fade, s.shrink, s.chroma, s.likeness, s.gain, s.gainShrink};
    }

    @Test
    void namedSettingsParseInAnyOrderAndCaseAndWriteBackTheSame() {
        HintSpread s = Reach.parse(" range=16, SPACE=0.4 ", "--reach");
        assertArrayEquals(new double[] {0.4, 16, 0, HintSpread.NO_GLOBAL, 0, 0, 0, 0}, values(s));
        assertEquals("space=0.4,range=16", s.describe());
        HintSpread all = Reach.parse("space=0.1,range=64,fade=1,shrink=1,chroma=2,likeness=10,gain=3,"
                + "gainshrink=0.5", "--reach");
        assertArrayEquals(new double[] {0.1, 64, 1, 1, 2, 10, 3, 0.5}, values(all));
        assertEquals("space=0.1,range=64,fade=1,shrink=1,chroma=2,likeness=10,gain=3,gainShrink=0.5", all.toString());
        for (HintSpread h : List.of(s, all, HintSpread.standard(), HintSpread.standardWide(), HintSpread.off())) {
            assertArrayEquals(values(h), values(Reach.parse(h.describe(), "x")), h.describe());
        }
        assertEquals("space=0.1,range=64,fade=1,shrink=1", HintSpread.standard().describe());
        assertEquals("off", Reach.parse("OFF", "x").toString());
        assertTrue(Reach.parse("off", "x").isOff());
        assertTrue(Reach.parse("space=0,range=8", "x").isOff());
    }

    @Test
    void theOlderPositionalFormStillParsesToTheSameSettings() {
        String[][] pairs = {
            {"0.4, 16,0 ", "space=0.4,range=16"},
            {"0.4,16,0,2", "space=0.4,range=16,shrink=2"},
            {"0.4,16,0,2,1.5", "space=0.4,range=16,shrink=2,chroma=1.5"},
            {"0.1,64,4,0.25,1,10", "space=0.1,range=64,fade=4,shrink=0.25,chroma=1,likeness=10"},
            {"0.1,64,1,1,0,0,3,0.5", "space=0.1,range=64,fade=1,shrink=1,gain=3,gainShrink=0.5"},
        };
        for (String[] p : pairs) {
            assertArrayEquals(values(Reach.parse(p[1], "x")), values(Reach.parse(p[0], "x")), p[0]);
            assertEquals(p[1], Reach.parse(p[0], "x").describe());
        }
    }

    @Test
    void theReachWordsPickTheModelsSettingsAndDefaultAndModelAreOne() {
        HintSpread like = Reach.parse("space=0.1,range=64,fade=4,shrink=0.25,chroma=1,likeness=10", "x");
        HintSpread own = HintSpread.standard();
        for (String w : new String[] {"default", " Default ", "model", " Model ", ""}) {
            assertSame(own, Reach.resolve(w, own, like, "x"), "'" + w + "'");
        }
        assertSame(like, Reach.resolve("WIDE", own, like, "x"));
        assertTrue(Reach.resolve("off", own, like, "x").isOff());
        // local: the same spreading without the global level and the gain, which act on the whole picture
        assertArrayEquals(new double[] {0.1, 64, 4, HintSpread.NO_GLOBAL, 1, 10, 0, 0},
                values(Reach.resolve("local", like, own, "x")));
        assertArrayEquals(new double[] {0.1, 64, 1, HintSpread.NO_GLOBAL, 0, 0, 0, 0}, values(Reach.resolve(
                "local", Reach.parse("space=0.1,range=64,fade=1,shrink=1,gain=3,gainShrink=0.5", "x"), null, "x")));
        assertArrayEquals(new double[] {0.2, 8, 1, 3, 0, 0, 0, 0},
                values(Reach.resolve("space=0.2,range=8,fade=1,shrink=3", own, like, "x")));
        assertArrayEquals(new double[] {0.2, 8, 1, 3, 0, 0, 0, 0}, values(Reach.resolve("0.2,8,1,3", own, like, "x")));
        assertEquals(List.of("default", "wide", "local", "off"), List.of(Reach.WORDS));
    }

    @Test
    void badSettingsNameTheParameterAndTheSetting() {
        ColorizerException word = assertThrows(ColorizerException.class,
                () -> Reach.resolve("broad", HintSpread.standard(), HintSpread.standardWide(), "reach"));
        assertTrue(word.getMessage().startsWith("reach: 'broad'") && word.getMessage().contains("default, wide, local, off"),
                word.getMessage());
        ColorizerException unknown = assertThrows(ColorizerException.class,
                () -> Reach.parse("space=0.1,range=64,spread=3", "--reach"));
        assertTrue(unknown.getMessage().startsWith("--reach: unknown setting 'spread'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains(String.join(", ", HintSpread.KEYS)), unknown.getMessage());
        String[][] bad = {
            {"space=0.1", "needs at least space and range"},
            {"space=0.1,range=64,range=8", "range is given twice"},
            {"space=0.1,range=x", "range must be a number, not 'x'"},
            {"space=0.1,range", "range needs a value"},
            {"space=-1,range=8", "space -1 must be between 0"},
            {"space=0.2,range=0", "range 0 must be above 0"},
            {"space=0.2,range=8,fade=-1", "fade -1"},
            {"space=0.2,range=8,shrink=-1", "shrink -1"},
            {"space=0.2,range=8,chroma=-1", "chroma -1"},
            {"space=0.2,range=8,likeness=-2", "likeness -2"},
            {"space=0.2,range=8,gain=-3", "gain -3"},
            {"space=0.2,range=8,gainShrink=-1", "gainShrink -1"},
            {"0.2,8,1,1,0,0,-3,1", "gain -3"},
            {"0.4,16", "must be default, wide, local, off or settings space=S,range=R"},
            {"a,b,c", "must be default"},
            {"1,2,3,4,5,6,7", "must be default"},
            {"1,2,3,4,5,6,7,8,9", "must be default"},
        };
        for (String[] b : bad) {
            ColorizerException e = assertThrows(ColorizerException.class, () -> Reach.parse(b[0], "--reach"), b[0]);
            assertTrue(e.getMessage().startsWith("--reach: ") && e.getMessage().contains(b[1]), e.getMessage());
        }
        // a setting made in code names the setting too
        ColorizerException direct = assertThrows(ColorizerException.class, () -> new HintSpread(0.1, 64, -2));
        assertEquals("reach: fade -2 must be between 0 (no fading) and 1000000", direct.getMessage());
    }

    @Test
    void withChromaInTheGuideAnEdgeOfTheNetworksColorsStopsAHintWhereLightnessIsFlat() {
        // flat lightness; the network predicted a* = 0 on the left half and 40 on the right half
        float[] light = flat(50);
        float[] a = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = W / 2; x < W; x++) {
                a[y * W + x] = 40;
            }
        }
        float[][] h = hints(new int[][] {{10, 32}, {80, 10}}, new float[][] {{20, 0}, {50, 0}});
        // residuals: +20 on the left (20 - 0), +10 on the right (50 - 40)
        float[] a1 = a.clone();
        new SpreadFilter(new HintSpread(0.4, 4, 0, HintSpread.NO_GLOBAL, 2))
                .apply(light, h, 2, a1, new float[W * H], W, H);
        for (int y = 0; y < H; y += 7) {
            assertEquals(20f, a1[y * W + W / 2 - 1], 0.5, "left of the color edge, row " + y);
            assertEquals(50f, a1[y * W + W / 2], 0.5, "right of the color edge, row " + y);
        }
        // lightness alone sees no edge: the residuals mix across it
        float[] a0 = a.clone();
        new SpreadFilter(new HintSpread(0.4, 4, 0)).apply(light, h, 2, a0, new float[W * H], W, H);
        float left = a0[32 * W + W / 2 - 1];
        assertTrue(left > 2 && left < 18, "mixed residual left of the middle: " + left);
    }

    @Test
    void theLevelByLikenessGivesFarCellsTheResidualOfHintsOfTheirLightnessAndColor() {
        // top half L* 50, bottom half L* 80; the network predicted a* = 0, except 10 in the top right quarter
        int big = 401;
        float[] light = new float[big * big];
        float[] a = new float[big * big];
        for (int y = 0; y < big; y++) {
            for (int x = 0; x < big; x++) {
                light[y * big + x] = y < big / 2 ? 50 : 80;
                a[y * big + x] = y < big / 2 && x > big / 2 ? 10 : 0;
            }
        }
        float[][] h = new float[3][big * big];
        int c = 20 * big + 20; // one hint in the top left: residual (30, -8)
        h[0][c] = 30 / HintRaster.AB_SCALE;
        h[1][c] = -8 / HintRaster.AB_SCALE;
        h[2][c] = 1;
        double m = 0.5;
        double chroma = 1;
        double like = 10;
        float[] b = new float[big * big];
        new SpreadFilter(new HintSpread(0.01, 8, 1, m, chroma, like)).apply(light, h, 1, a, b, big, big);
        // far from the hint the local weight is nil and each cell holds sum(w r) / (sum(w) + m), w from likeness
        int sameFar = (big / 2 - 5) * big + 150; // top half, left of the color edge: w = 1
        assertEquals(30 / (1 + m), a[sameFar], 0.01);
        assertEquals(-8 / (1 + m), b[sameFar], 0.01);
        double wColor = Math.exp(-(chroma * chroma * 10 * 10) / (2 * like * like));
        int otherColor = (big / 2 - 5) * big + big - 5; // same lightness, the network's a* 10 there
        assertEquals(10 + 30 * wColor / (wColor + m), a[otherColor], 0.05);
        double wLight = Math.exp(-(30.0 * 30) / (2 * like * like));
        int otherLight = (big - 5) * big + 150; // L* 80
        assertEquals(30 * wLight / (wLight + m), a[otherLight], 0.01);
        assertTrue(a[otherLight] < 0.05 * a[sameFar]);
    }

    @Test
    void theChromaGainScalesTheNetworksColorsByWhatTheHintsCallFor() {
        int big = 201;
        float[] light = new float[big * big];
        Arrays.fill(light, 50);
        float[][] h = new float[3][big * big];
        int c = 100 * big + 100;
        h[0][c] = 30 / HintRaster.AB_SCALE; // the hint: (30, 0) where the network said (10, 5)
        h[2][c] = 1;
        int far = 5 * big + 5; // far from the hint: sigma 2 cells, no global level
        for (double[] setting : new double[][] {{0, 0}, {4, 1}, {1.5, 1}, {4, 3}}) {
            float[] a = new float[big * big];
            float[] b = new float[big * big];
            Arrays.fill(a, 10);
            Arrays.fill(b, 5);
            new SpreadFilter(new HintSpread(0.01, 8, 1, HintSpread.NO_GLOBAL, 0, 0, setting[0], setting[1]))
                    .apply(light, h, 1, a, b, big, big);
            // s = (30 * 10 + 0 * 5) / (10^2 + 5^2) = 2.4; shrunk with one hint: 1 + 1.4 / (1 + g); clamped to G
            double s = setting[0] <= 1 ? 1 : Math.min(setting[0], 1 + 1.4 / (1 + setting[1]));
            assertEquals(10 * s, a[far], 1e-3, "a* far from the hint, gain " + Arrays.toString(setting));
            assertEquals(5 * s, b[far], 1e-3, "b* keeps the network's hue");
        }
        // where the network gave gray at the hints there is no direction to scale
        float[] a = new float[big * big];
        float[] b = new float[big * big];
        Arrays.fill(a, 10);
        a[c] = 0;
        new SpreadFilter(new HintSpread(0.01, 8, 1, HintSpread.NO_GLOBAL, 0, 0, 4, 0))
                .apply(light, h, 1, a, b, big, big);
        assertEquals(10f, a[far], 1e-3);
    }
}
