package org.colorizer.evaluate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate --hints on a few images: simulated hints, the curve, PSNR outside the hints, files written. */
class HintEvaluationTest {
    @TempDir
    Path dir;

    @Test
    void simulatedHintsAreNestedAndCarryTheMeanTrueColorOfTheirDisk() {
        int w = 60;
        int h = 40;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % w) < 30 ? 0xFFC03020 : 0xFF2050C0; // left red, right blue
        }
        RgbImage img = new RgbImage(w, h, px);
        HintSet ten = HintEvaluation.simulate(img, "a.png", 10);
        HintSet three = HintEvaluation.simulate(img, "a.png", 3);
        assertEquals(10, ten.size());
        double[] red = Lab.toLab(0xC0, 0x30, 0x20);
        double[] blue = Lab.toLab(0x20, 0x50, 0xC0);
        for (int k = 0; k < 10; k++) {
            Hint hint = ten.hints().get(k);
            if (k < 3) {
                assertEquals(three.hints().get(k).toString(), hint.toString(), "the first 3 of 10 are the 3");
            }
            int[] b = hint.bounds();
            int cx = (b[0] + b[2] - 1) / 2;
            // a disk wholly on one side has that side's color; across the border, a mix between them
            if (cx + HintEvaluation.RADIUS < 30) {
                assertEquals(red[1], hint.a, 1e-3);
                assertEquals(red[2], hint.b, 1e-3);
            } else if (cx - HintEvaluation.RADIUS >= 30) {
                assertEquals(blue[1], hint.a, 1e-3);
                assertEquals(blue[2], hint.b, 1e-3);
            } else {
                assertTrue(hint.b > blue[2] && hint.b < red[2], hint.toString());
            }
        }
    }

    @Test
    void aCurveOverAFewPhotosWithPsnrOutsideTheHintsAndItsFiles() throws Exception {
        Path photos = Synthetic.folder(dir.resolve("photos"), 3, 48, 40);
        Path model = TestModels.hintAware(dir.resolve("m.zip"), TestModels.tinyConfig(), 4, 2f);
        List<Path> files = ImageFiles.listImages(photos);
        Path out = Files.createDirectories(dir.resolve("out"));
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            HintEvaluation.Result r = HintEvaluation.run(c, files, new int[] {0, 5}, out, line -> { });
            assertEquals(2, r.curve.size());
            assertEquals(3, r.rows.size());
            HintEvaluation.Point none = r.curve.get(0);
            HintEvaluation.Point five = r.curve.get(1);
            assertEquals(none.psnr, none.psnrOutside, 1e-9, "no hint: the same pixels");
            assertNotEquals(none.psnr, five.psnr, "hints change this model's colors");
            // the per-photo figures are those of a direct computation
            RgbImage img = ImageFiles.readRgb(files.get(0));
            float[] l = new float[img.argb().length];
            Lab.rgbToL(img.argb(), 0, l.length, l, 0);
            HintSet hs = HintEvaluation.simulate(img, files.get(0).getFileName().toString(), 5);
            int[] col = c.colorize(org.colorizer.colorize.Lightness.of(l, img.width(), img.height()), hs);
            assertEquals(org.colorizer.metrics.ImageMetrics.psnrOutside(col, img.argb(), hs.coverage(), 100),
                    r.rows.get(0).psnrOutside[1], 1e-9);
            List<String> csv = Files.readAllLines(out.resolve("evaluation-hints.csv"));
            assertEquals(1 + 3 * 2, csv.size());
            assertTrue(Files.size(out.resolve("contact-sheet-hints.png")) > 0);
            assertTrue(r.table().contains("PSNR outside"));
        }
    }
}
