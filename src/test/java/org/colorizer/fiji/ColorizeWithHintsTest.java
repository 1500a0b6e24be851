package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import java.awt.Color;
import java.nio.file.Path;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;

/** Colorize with hint ROIs, through a real SciJava Context, as a recorded macro runs it. */
class ColorizeWithHintsTest extends SciJavaTest {
    static ImagePlus gray(int w, int h) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (60 + 120 * x / w + 40 * Math.sin(y / 5.0));
            }
        }
        return new ImagePlus("scene", new ByteProcessor(w, h, px));
    }

    CommandModule colorize(ImagePlus imp, Path model, String hints) throws Exception {
        return commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile", model.toFile(),
                "device", "cpu", "tile", 0, "strength", 1f, "hints", hints, "hintradius", 3.0, "reach", "default")
                .get();
    }

    static int[] pixels(CommandModule m) {
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        return (int[]) ((ImagePlus) m.getOutput("output")).getProcessor().getPixels();
    }

    /** Mean absolute RGB difference over the square of half-side {@code r} around (cx, cy). */
    static double diff(int[] a, int[] b, int w, int cx, int cy, int r) {
        double sum = 0;
        int n = 0;
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                int p = a[y * w + x];
                int q = b[y * w + x];
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                }
                n++;
            }
        }
        return sum / (3 * n);
    }

    @Test
    void hintRoisChangeTheColorsThereAndTheOutputKeepsThem() throws Exception {
        Path model = TestModels.hintAware(dir.resolve("hints.zip"), TestModels.tinyConfig(), 3, 25f);
        int w = 64;
        int h = 48;
        ImagePlus imp = gray(w, h);
        int[] plain = pixels(colorize(imp, model, "auto"));

        Roi point = new PointRoi(16, 16);
        point.setName("hint-1");
        point.setStrokeColor(new Color(0xE02020));
        Roi sky = new OvalRoi(40, 24, 12, 12);
        sky.setName("Hint sky");
        sky.setFillColor(new Color(0x2050E0));
        Roi cell = new OvalRoi(2, 30, 14, 14);
        cell.setName("cell 7");
        cell.setStrokeColor(Color.YELLOW);
        Overlay o = new Overlay(point);
        o.add(sky);
        o.add(cell);
        imp.setOverlay(o);

        CommandModule auto = colorize(imp, model, "auto");
        int[] hinted = pixels(auto);
        double nearPoint = diff(plain, hinted, w, 16, 16, 3);
        double nearSky = diff(plain, hinted, w, 46, 30, 4);
        System.out.println("mean |RGB change| near the point hint " + nearPoint + ", in the area hint " + nearSky);
        assertTrue(nearPoint > 2.0, "the point hint changes the colors there: " + nearPoint);
        assertTrue(nearSky > 2.0, "the area hint changes the colors there: " + nearSky);
        ImagePlus out = (ImagePlus) auto.getOutput("output");
        Overlay kept = out.getOverlay();
        assertNotNull(kept, "the output keeps the hints");
        assertEquals(2, kept.size());
        assertEquals("hint-1", kept.get(0).getName());
        assertEquals("Hint sky", kept.get(1).getName());
        assertEquals(new Color(0x2050E0), kept.get(1).getFillColor());
        assertNotSame(sky, kept.get(1), "copies, not the input's ROIs");
        assertTrue(kept.get(0) instanceof PointRoi);

        // the output colorized again with its own overlay: the same hints, the same colors (its L* is the input's,
        // up to the rounding of RGB)
        // (the untrained test network is steep, and the hint spreading carries its answer at the hinted cells
        // across the picture, so the rounding shows more than it would with a trained model)
        double again = diff(hinted, pixels(colorize(out, model, "auto")), w, w / 2, h / 2, h / 2 - 1);
        assertTrue(again < 1.5, "repeatable from the output: mean |RGB change| " + again);
        // and the check can fail: the same output without its hints comes out far from it
        ImagePlus bare = out.duplicate();
        bare.setOverlay(null);
        double lost = diff(hinted, pixels(colorize(bare, model, "auto")), w, w / 2, h / 2, h / 2 - 1);
        assertTrue(lost > 3 * again && lost > 3, "without the hints: " + lost + ", with them: " + again);

        // off: as without hints; all: the cell outline's yellow too
        assertArrayEquals(plain, pixels(colorize(imp, model, "off")));
        CommandModule all = colorize(imp, model, "all");
        assertEquals(3, ((ImagePlus) all.getOutput("output")).getOverlay().size());
        assertTrue(diff(hinted, pixels(all), w, 9, 37, 4) > 0.5, "all: the cell outline is a hint too");
    }

    @Test
    void aModelWithoutHintInputsRefusesHintRoisButIgnoresOtherRois() throws Exception {
        Path model = TestModels.untrained(dir.resolve("plain.zip"), TestModels.tinyConfig(), 3);
        ImagePlus imp = gray(40, 30);
        Roi cell = new OvalRoi(2, 2, 10, 10);
        cell.setName("cell 1");
        cell.setStrokeColor(Color.YELLOW);
        imp.setOverlay(new Overlay(cell));
        CommandModule ok = colorize(imp, model, "auto");
        assertFalse(ok.isCanceled(), "no hint-named ROIs: colorized as before");
        assertNull(((ImagePlus) ok.getOutput("output")).getOverlay());

        Roi hint = new PointRoi(20, 20);
        hint.setName("hint-1");
        hint.setStrokeColor(Color.RED);
        imp.getOverlay().add(hint);
        CommandModule refused = colorize(imp, model, "auto");
        assertTrue(refused.isCanceled());
        assertTrue(refused.getCancelReason().contains("takes no color hints")
                && refused.getCancelReason().contains("plain.zip"), refused.getCancelReason());
        assertFalse(colorize(imp, model, "off").isCanceled(), "hints=off colorizes without them");
    }

    @Test
    void aReferenceImageGivesItsColorsAndABadOneIsNamed() throws Exception {
        Path model = TestModels.untrained(dir.resolve("plain.zip"), TestModels.tinyConfig(), 3);
        int w = 64;
        int h = 48;
        ImagePlus imp = gray(w, h);
        int color = 0x6F7F9A; // a muted blue, inside the gamut at every lightness of the test image
        int[] ref = new int[40 * 30];
        java.util.Arrays.fill(ref, 0xFF000000 | color);
        Path refFile = dir.resolve("reference.png");
        org.colorizer.io.ImageFiles.writePng(refFile, ref, 40, 30);
        CommandModule m = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                model.toFile(), "device", "cpu", "tile", 0, "strength", 1f, "hints", "off", "hintradius", 3.0,
                "reference", refFile.toString()).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        int[] out = pixels(m);
        org.colorizer.testutil.Synthetic.assertMeanChroma(color, out, 1.5); // the reference's
        int[] plain = pixels(colorize(imp, model, "off"));
        assertTrue(diff(plain, out, w, w / 2, h / 2, 10) > 2, "the reference changed the colors");

        CommandModule bad = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                model.toFile(), "device", "cpu", "tile", 0, "strength", 1f, "hints", "off", "hintradius", 3.0,
                "reference", dir.resolve("missing.png").toString()).get();
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().startsWith("Reference colors:") && bad.getCancelReason().contains("missing.png"),
                bad.getCancelReason());
    }

    @Test
    void hintReachLocalLeavesTheRestOfThePictureAndOffIsTheNetworkAlone() throws Exception {
        // zero hint weights: whatever the hints change here, the spreading stage changed
        Path plain = TestModels.untrained(dir.resolve("p.zip"), TestModels.tinyConfig(), 4);
        Path model = dir.resolve("zero-hints.zip");
        org.colorizer.modelfile.HintInputs.write(org.colorizer.modelfile.ModelFile.read(plain), "p.zip", model);
        int w = 96;
        int h = 64;
        ImagePlus imp = gray(w, h);
        int[] none = pixels(colorize(imp, model, "off"));
        Roi point = new PointRoi(12, 12);
        point.setName("hint-1");
        point.setStrokeColor(new Color(0x2060E0));
        imp.setOverlay(new Overlay(point));
        java.util.Map<String, int[]> out = new java.util.HashMap<>();
        for (String reach : new String[] {"default", "wide", "local", "off"}) {
            CommandModule m = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                    model.toFile(), "device", "cpu", "tile", 0, "strength", 1f, "hints", "auto", "hintradius", 3.0,
                    "reach", reach).get();
            out.put(reach, pixels(m));
        }
        // the older macro key and word: hintspread=model is the default reach
        CommandModule old = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                model.toFile(), "device", "cpu", "tile", 0, "strength", 1f, "hints", "auto", "hintradius", 3.0,
                "hintspread", "model").get();
        assertArrayEquals(out.get("default"), pixels(old), "hintspread=model");
        out.put("model", out.get("default"));
        assertArrayEquals(none, out.get("off"), "off: the network alone, and its hint weights are zero");
        double farModel = diff(none, out.get("model"), w, w - 10, h - 10, 6);
        double farLocal = diff(none, out.get("local"), w, w - 10, h - 10, 6);
        double nearLocal = diff(none, out.get("local"), w, 12, 12, 2);
        System.out.println("far from the hint: model " + farModel + ", local " + farLocal + "; near it (local) "
                + nearLocal);
        assertTrue(nearLocal > 5, "local still colors around the hint: " + nearLocal);
        assertTrue(farModel > 3 * farLocal && farLocal < 1.5, "far away: model " + farModel + ", local " + farLocal);
        // wide: the model's setting by likeness (here the standard one), not the model's own
        double nearWide = diff(none, out.get("wide"), w, 12, 12, 2);
        assertTrue(nearWide > 5, "wide colors around the hint: " + nearWide);
        assertFalse(java.util.Arrays.equals(out.get("default"), out.get("wide")), "wide is another setting than default");
    }
}
