package org.colorizer.hints;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.modelfile.HintInputs;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hint-aware model files: made from old ones without changing their colors; old ones refuse hints clearly. */
class HintModelsTest {
    @TempDir
    Path dir;

    private static Lightness ramp(int w, int h) {
        float[] l = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                l[y * w + x] = 100f * ((x * 7 + y * 13) % 97) / 96f;
            }
        }
        return Lightness.of(l, w, h);
    }

    @Test
    void zeroInitializedHintModelEqualsTheModelItCameFrom() throws Exception {
        Path old = TestModels.untrained(dir.resolve("old.zip"), TestModels.tinyConfig(), 5);
        Path widened = dir.resolve("hints.zip");
        HintInputs.write(ModelFile.read(old), "old.zip", widened);
        assertTrue(ModelFile.read(widened).description.model.takesHints());
        assertFalse(ModelFile.read(old).description.model.takesHints(), "old files load as before");
        Lightness l = ramp(70, 45);
        try (Colorizer a = Colorizer.load(old, Device.cpu()); Colorizer b = Colorizer.load(widened, Device.cpu())) {
            assertFalse(a.takesHints());
            assertTrue(b.takesHints());
            int[] want = a.colorize(l);
            assertArrayEquals(want, b.colorize(l), "no hints");
            assertArrayEquals(want, b.colorize(l, HintSet.none(70, 45)), "an empty hint set");
            // zero weights on the hint inputs: the network alone does not change with real hints
            float[] red = Hint.chroma(0xD02020);
            HintSet h = new HintSet(70, 45, List.of(Hint.disk(10, 10, 3, red[0], red[1])));
            Colorizer alone = b.withReach(HintSpread.off());
            assertArrayEquals(want, alone.colorize(l, h), "zero hint weights");
            // tiles see the same hint planes as the whole image
            assertArrayEquals(a.with(1f, 40).colorize(l), alone.with(1f, 40).colorize(l, h), "tiled");
        }
    }

    @Test
    void spreadingCarriesAHintOverItsObjectBeyondItsOwnPixels() throws Exception {
        Path old = TestModels.untrained(dir.resolve("old.zip"), TestModels.tinyConfig(), 5);
        Path widened = dir.resolve("hints.zip");
        HintInputs.write(ModelFile.read(old), "old.zip", widened);
        int w = 80;
        int h = 60;
        float[] flat = new float[w * h];
        java.util.Arrays.fill(flat, 55f);
        Lightness l = Lightness.of(flat, w, h);
        float[] red = Hint.chroma(0xC03030);
        HintSet hs = new HintSet(w, h, List.of(Hint.disk(15, 15, 2, red[0], red[1])));
        try (Colorizer c = Colorizer.load(widened, Device.cpu())) {
            assertEquals(HintSpread.standard().toString(), c.reach().toString(), "a file without a setting");
            int[] none = c.with(1f, 0).withReach(HintSpread.off()).colorize(l, hs);
            int[] spread = c.with(1f, 0).withReach(new HintSpread(0.4, 16, 0)).colorize(l, hs);
            // far from the hint (the opposite corner), only the spreading stage brings its color
            int far = (h - 5) * w + (w - 5);
            double[] lab = org.colorizer.color.Lab.toLab(spread[far] >> 16 & 255, spread[far] >> 8 & 255, spread[far] & 255);
            double[] labNone = org.colorizer.color.Lab.toLab(none[far] >> 16 & 255, none[far] >> 8 & 255, none[far] & 255);
            double before = Math.hypot(labNone[1] - red[0], labNone[2] - red[1]);
            double after = Math.hypot(lab[1] - red[0], lab[2] - red[1]);
            assertTrue(after < 0.25 * before && after < 6, "distance to the hint's chroma: " + before + " -> " + after);
            assertEquals(55, lab[0], 1.0, "L* stays the image's");
        }
    }

    @Test
    void hintsForAModelWithoutHintInputsAreAClearError() throws Exception {
        Path old = TestModels.untrained(dir.resolve("old.zip"), TestModels.tinyConfig(), 5);
        try (Colorizer a = Colorizer.load(old, Device.cpu())) {
            float[] c = Hint.chroma(0x2040C0);
            HintSet h = new HintSet(40, 30, List.of(Hint.disk(5, 5, 0, c[0], c[1])));
            ColorizerException e = assertThrows(ColorizerException.class, () -> a.colorize(ramp(40, 30), h));
            assertTrue(e.getMessage().contains(old.toString()) && e.getMessage().contains("takes no color hints")
                    && e.getMessage().contains("--add-hints") && e.getMessage().contains("train --init MODEL --hints"), e.getMessage());
            assertEquals(a.colorize(ramp(40, 30)).length, 1200, "without hints it still colorizes");
            ColorizerException size = assertThrows(ColorizerException.class,
                    () -> a.colorize(ramp(41, 30), HintSet.none(40, 30).isEmpty() ? h : h));
            assertTrue(size.getMessage().contains("takes no color hints") || size.getMessage().contains("40x30"));
        }
    }
}
