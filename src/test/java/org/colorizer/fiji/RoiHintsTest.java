package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ByteProcessor;
import java.awt.Color;
import java.util.List;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.junit.jupiter.api.Test;

/** ROI -> hint conversion, headless: which ROIs count, their colors and shapes, overlay and ROI Manager. */
class RoiHintsTest {
    static final int RED = 0xD02020;
    static final int BLUE = 0x2040D0;

    static ImagePlus image() {
        return new ImagePlus("gray", new ByteProcessor(60, 40));
    }

    static <R extends Roi> R named(R roi, String name, Color stroke, Color fill) {
        roi.setName(name);
        roi.setStrokeColor(stroke);
        roi.setFillColor(fill);
        return roi;
    }

    static void assertColor(int rgb, Hint h) {
        float[] ab = Hint.chroma(rgb);
        assertEquals(ab[0], h.a, 1e-4, h.toString());
        assertEquals(ab[1], h.b, 1e-4, h.toString());
    }

    @Test
    void aPointCoversADiskOfTheRadius() {
        ImagePlus imp = image();
        Overlay o = new Overlay(named(new PointRoi(20, 10), "hint-1", new Color(RED), null));
        imp.setOverlay(o);
        RoiHints.Found f = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3);
        assertEquals(1, f.count());
        Hint h = f.slice(0).hints().get(0);
        assertTrue(h.isDisk());
        assertColor(RED, h);
        assertTrue(h.covers(20, 10) && h.covers(23, 10) && h.covers(20, 7));
        assertFalse(h.covers(24, 10) || h.covers(23, 13), "radius 3");
        assertEquals(0, RoiHints.find(imp, null, RoiHints.Mode.AUTO, 0).slice(0).hints().get(0).bounds()[2] - 21,
                "radius 0: that pixel");
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    }

    @Test
    void aMultiPointRoiGivesOneDiskPerPoint() {
        ImagePlus imp = image();
        PointRoi p = new PointRoi(new float[] {5, 30, 50}, new float[] {5, 20, 35});
        imp.setOverlay(new Overlay(named(p, "Hints", new Color(BLUE), null)));
        List<Hint> hs = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 2).slice(0).hints();
        assertEquals(3, hs.size());
        assertTrue(hs.get(1).covers(30, 20) && hs.get(2).covers(50, 35));
        hs.forEach(h -> assertColor(BLUE, h));
    }

    @Test
    void anOvalCoversItsAreaAndItsFillColorWinsOverItsStroke() {
        ImagePlus imp = image();
        imp.setOverlay(new Overlay(named(new OvalRoi(10, 10, 20, 10), "HINT sky", Color.YELLOW,
                new Color(BLUE | 0x80000000, true))));
        Hint h = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3).slice(0).hints().get(0);
        assertFalse(h.isDisk());
        assertColor(BLUE, h); // the fill's chroma; its alpha does not matter
        assertTrue(h.covers(20, 15) && h.covers(11, 15));
        assertFalse(h.covers(10, 10), "the bounding box's corner is outside the oval");
        assertFalse(h.covers(30, 15));
    }

    @Test
    void aPolygonWithAStrokeColorOnlyTakesTheStrokeColor() {
        ImagePlus imp = image();
        PolygonRoi tri = new PolygonRoi(new float[] {5, 35, 5}, new float[] {5, 5, 35}, Roi.POLYGON);
        imp.setOverlay(new Overlay(named(tri, "hint: grass", new Color(0x30A030), null)));
        Hint h = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3).slice(0).hints().get(0);
        assertColor(0x30A030, h);
        assertTrue(h.covers(8, 8));
        assertFalse(h.covers(30, 30), "beyond the diagonal");
        // areas are clipped to the image
        Roi big = named(new Roi(-10, 30, 100, 30), "hint big", Color.RED, null);
        imp.setOverlay(new Overlay(big));
        Hint c = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3).slice(0).hints().get(0);
        assertArrayEquals(new int[] {0, 30, 60, 40}, c.bounds());
    }

    @Test
    void roisNotNamedAsHintsAreIgnoredUnlessAllIsChosen() {
        ImagePlus imp = image();
        Roi cell = named(new OvalRoi(2, 2, 10, 10), "cell 1", Color.YELLOW, null);
        Roi outline = named(new Roi(30, 5, 10, 10), null, Color.YELLOW, null);
        Roi hint = named(new PointRoi(40, 30), "hint-2", new Color(RED), null);
        Roi text = named(new TextRoi(1, 30, "label"), "note", Color.GREEN, null);
        Roi line = named(new Line(0, 0, 50, 30), "scale bar", Color.WHITE, null);
        imp.setOverlay(new Overlay());
        for (Roi r : new Roi[] {cell, outline, hint, text, line}) {
            imp.getOverlay().add(r);
        }
        RoiHints.Found auto = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3);
        assertEquals(List.of(hint), auto.rois());
        RoiHints.Found all = RoiHints.find(imp, null, RoiHints.Mode.ALL, 3);
        assertEquals(List.of(cell, outline, hint), all.rois(), "all point and area ROIs; never text or lines");
        assertColor(0xFFFF00, all.slice(0).hints().get(0));
        assertTrue(RoiHints.find(imp, null, RoiHints.Mode.OFF, 3).isEmpty());
        assertEquals(RoiHints.Mode.ALL, RoiHints.Mode.parse("all"));
        assertEquals(RoiHints.Mode.ALL, RoiHints.Mode.parse("All ROIs"));
        assertEquals(RoiHints.Mode.AUTO, RoiHints.Mode.parse(""));
        assertThrows(org.colorizer.ColorizerException.class, () -> RoiHints.Mode.parse("some"));
    }

    @Test
    void theRoiManagersHintsCountAndACopyInBothPlacesCountsOnce() {
        ImagePlus imp = image();
        Roi a = named(new PointRoi(5, 5), "hint-1", new Color(RED), null);
        imp.setOverlay(new Overlay(a));
        Roi b = named(new OvalRoi(20, 20, 6, 6), "hint-2", null, new Color(BLUE));
        Roi cells = named(new OvalRoi(40, 10, 8, 8), "0001-0010", Color.YELLOW, null);
        Roi[] manager = {(Roi) a.clone(), b, cells, a};
        RoiHints.Found f = RoiHints.find(imp, manager, RoiHints.Mode.AUTO, 3);
        assertEquals(List.of(a, b), f.rois());
        assertEquals(2, f.count());
        assertColor(BLUE, f.slice(0).hints().get(1));
        // the manager alone
        imp.setOverlay(null);
        assertEquals(List.of(b), RoiHints.find(imp, new Roi[] {b, cells}, RoiHints.Mode.AUTO, 3).rois());
        assertEquals(0, RoiHints.managerRois().length, "headless: no ROI Manager");
    }

    @Test
    void roisWithoutColorsLinesAndRoisOutsideTheImageAreSkippedWithAWarningNamingThem() {
        ImagePlus imp = image();
        Roi plain = named(new Roi(1, 1, 5, 5), "hint-plain", null, null);
        Roi line = named(new Line(0, 0, 9, 9), "hint-line", Color.RED, null);
        Roi away = named(new PointRoi(500, 500), "hint-away", Color.RED, null);
        Roi good = named(new PointRoi(5, 5), "hint-ok", Color.RED, null);
        imp.setOverlay(new Overlay());
        for (Roi r : new Roi[] {plain, line, away, good}) {
            imp.getOverlay().add(r);
        }
        RoiHints.Found f = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 3);
        assertEquals(List.of(good), f.rois());
        assertEquals(3, f.warnings().size(), f.warnings().toString());
        assertTrue(f.warnings().get(0).contains("'hint-plain'") && f.warnings().get(0).contains("neither a fill"));
        assertTrue(f.warnings().get(1).contains("'hint-line'") && f.warnings().get(1).contains("a line"));
        assertTrue(f.warnings().get(2).contains("'hint-away'") && f.warnings().get(2).contains("outside"));
    }

    @Test
    void inAStackAHintWithAPositionHintsThatSliceOnly() {
        ImageStack st = new ImageStack(30, 20);
        for (int i = 0; i < 3; i++) {
            st.addSlice(new ByteProcessor(30, 20));
        }
        ImagePlus imp = new ImagePlus("stack", st);
        Roi everywhere = named(new PointRoi(3, 3), "hint-a", Color.RED, null);
        Roi second = named(new PointRoi(9, 9), "hint-b", Color.BLUE, null);
        second.setPosition(2);
        imp.setOverlay(new Overlay(everywhere));
        imp.getOverlay().add(second);
        RoiHints.Found f = RoiHints.find(imp, null, RoiHints.Mode.AUTO, 1);
        assertEquals(3, f.slices());
        List<HintSet> all = f.all();
        assertEquals(1, all.get(0).size());
        assertEquals(2, all.get(1).size());
        assertEquals(1, all.get(2).size());
    }
}
