package org.colorizer.fiji;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.plugin.frame.RoiManager;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;

/**
 * Color hints from ImageJ ROIs: the point and area ROIs of an image's overlay and of the ROI Manager.
 *
 * <ul>
 *   <li>Which: in {@link Mode#AUTO} only ROIs whose name starts with {@value #PREFIX} (any case), so that cell
 *       outlines and annotations kept in the ROI Manager never turn into colors; in {@link Mode#ALL} every point
 *       and area ROI (lines, text and image overlays are never hints); {@link Mode#OFF}: none.</li>
 *   <li>Color: the ROI's fill color if it has one (not fully transparent), else its stroke color; a ROI with
 *       neither is skipped with a warning naming it. Only the color's chroma is used.</li>
 *   <li>Shape: each point of a point ROI covers a disk of the given radius (pixels) around it; an area ROI covers
 *       its area ({@link Roi#getMask()}). Coordinates are image pixels.</li>
 *   <li>Stacks: a ROI with a stack (or hyperstack) position hints that slice only; position 0 hints every
 *       slice.</li>
 * </ul>
 *
 * Plain Java: the ROI Manager's ROIs are passed in (see {@link #managerRois()}), so it is testable headless.
 */
public final class RoiHints {
    /** The *Reach* field's help, in every command that has it. */
    static final String REACH_DESCRIPTION = "default: as the model file says (hints also tint the whole picture a "
            + "little, which helps on average); wide: a hint also colors what looks like its object anywhere in the "
            + "picture (for many hints spread over it; a few floods it with their colors); local: hints color what "
            + "they sit on and leave the rest; off: the network alone";
    /** The *Reference colors* field's help, in every command that has it. */
    static final String REFERENCE_DESCRIPTION = "path of a color image to colorize like: each band of lightness "
            + "takes on its mean color there (e.g. a slide stained by your lab); empty for none";

    /** ROI names that make a hint in {@link Mode#AUTO} start with this (case does not matter). */
    public static final String PREFIX = "hint";
    /** Default radius (pixels) of the disk a point hint covers. */
    public static final double DEFAULT_RADIUS = 3;

    /** Where hints come from; {@link #key} is the value of the commands' {@code hints} macro key. */
    public enum Mode {
        /** ROIs named "hint..." in the overlay and the ROI Manager. */
        AUTO("auto"),
        /** No hints. */
        OFF("off"),
        /** Every point and area ROI in the overlay and the ROI Manager, whatever its name. */
        ALL("all");

        public final String key;

        Mode(String key) {
            this.key = key;
        }

        /** The mode for a macro value ("auto", "off", "all"; case and surrounding words do not matter). */
        public static Mode parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            if (v.isEmpty()) {
                return AUTO;
            }
            for (Mode m : values()) {
                if (v.equals(m.key) || v.startsWith(m.key + " ")) {
                    return m;
                }
            }
            throw new ColorizerException("hints: '" + s + "' is not one of auto, off, all");
        }
    }

    /** What was found on an image: the ROIs used, their hints per slice, and warnings about skipped ROIs. */
    public static final class Found {
        private final int width;
        private final int height;
        private final List<Roi> rois;
        private final List<List<Hint>> perSlice;
        private final List<String> warnings;

        Found(int width, int height, List<Roi> rois, List<List<Hint>> perSlice, List<String> warnings) {
            this.width = width;
            this.height = height;
            this.rois = Collections.unmodifiableList(rois);
            this.perSlice = perSlice;
            this.warnings = Collections.unmodifiableList(warnings);
        }

        /** The ROIs that gave hints (the originals; clone them to keep). */
        public List<Roi> rois() {
            return rois;
        }

        /** Messages about hint ROIs that were skipped (no color, a line, outside the image). */
        public List<String> warnings() {
            return warnings;
        }

        /** Whether no ROI gave a hint. */
        public boolean isEmpty() {
            return rois.isEmpty();
        }

        /** Number of hints (disks and areas) over all slices. */
        public int count() {
            int n = 0;
            for (List<Hint> l : perSlice) {
                n += l.size();
            }
            return n;
        }

        public int slices() {
            return perSlice.size();
        }

        /** The hints of slice {@code index} (0-based, in stack order). */
        public HintSet slice(int index) {
            return new HintSet(width, height, perSlice.get(index));
        }

        /** The hints of every slice, in stack order. */
        public List<HintSet> all() {
            List<HintSet> l = new ArrayList<>();
            for (int i = 0; i < perSlice.size(); i++) {
                l.add(slice(i));
            }
            return l;
        }
    }

    private RoiHints() {}

    /** Whether a ROI name marks a hint: it starts with {@value #PREFIX}, in any case. */
    public static boolean isHintName(String name) {
        return name != null && name.trim().regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The ROIs of the ROI Manager, if one is open (none when headless or closed). */
    public static Roi[] managerRois() {
        try {
            RoiManager rm = RoiManager.getInstance();
            return rm == null ? new Roi[0] : rm.getRoisAsArray();
        } catch (RuntimeException | LinkageError e) { // headless: no ROI Manager
            return new Roi[0];
        }
    }

    /** Hints of {@code imp} from its overlay and the open ROI Manager. */
    public static Found find(ImagePlus imp, Mode mode, double radius) {
        return find(imp, managerRois(), mode, radius);
    }

    /**
     * Hints of {@code imp} from its overlay and {@code manager} (the ROI Manager's ROIs; may be null): ROIs in
     * the overlay first, then the manager's, each once (a ROI in both, or an identical copy, counts once).
     */
    public static Found find(ImagePlus imp, Roi[] manager, Mode mode, double radius) {
        if (!(radius >= 0 && radius <= 1e4)) {
            throw new ColorizerException("hintradius: " + radius + " must be between 0 and 10000 pixels");
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        int n = imp.getStackSize();
        List<List<Hint>> perSlice = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perSlice.add(new ArrayList<>());
        }
        List<Roi> used = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (mode == Mode.OFF) {
            return new Found(w, h, used, perSlice, warnings);
        }
        List<Roi> candidates = new ArrayList<>();
        Overlay overlay = imp.getOverlay();
        if (overlay != null) {
            Collections.addAll(candidates, overlay.toArray());
        }
        if (manager != null) {
            Collections.addAll(candidates, manager);
        }
        Map<Roi, Boolean> seen = new IdentityHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Roi roi : candidates) {
            if (roi == null || seen.put(roi, Boolean.TRUE) != null) {
                continue;
            }
            boolean named = isHintName(roi.getName());
            if (mode == Mode.AUTO && !named) {
                continue;
            }
            String what = describe(roi);
            if (!isPoint(roi) && !isArea(roi)) {
                if (named) {
                    warnings.add(what + " is " + kind(roi) + ", not a point or area; skipped (hints are points and "
                            + "areas)");
                }
                continue;
            }
            Integer rgb = color(roi);
            if (rgb == null) {
                warnings.add(what + " has neither a fill nor a stroke color; skipped (give it a color, e.g. with "
                        + "Edit > Selection > Properties)");
                continue;
            }
            String key = roi.getClass().getName() + "|" + roi.getName() + "|" + rgb + "|" + roi.getPosition() + "|"
                    + Arrays.toString(roi.getFloatPolygon().xpoints) + "|"
                    + Arrays.toString(roi.getFloatPolygon().ypoints);
            if (keys.contains(key)) {
                continue; // the same hint in the overlay and the ROI Manager
            }
            keys.add(key);
            List<Hint> hints = hints(roi, rgb, radius, w, h);
            if (hints.isEmpty()) {
                warnings.add(what + " lies outside the " + w + "x" + h + " image; skipped");
                continue;
            }
            boolean anySlice = false;
            for (int s = 1; s <= n; s++) {
                if (onSlice(roi, imp, s)) {
                    perSlice.get(s - 1).addAll(hints);
                    anySlice = true;
                }
            }
            if (!anySlice) {
                warnings.add(what + " is on stack position " + roi.getPosition() + ", beyond the image's " + n
                        + " slices; skipped");
                continue;
            }
            used.add(roi);
        }
        return new Found(w, h, used, perSlice, warnings);
    }

    /** An overlay of copies of {@code rois} (names, colors and stack positions kept), for a result to keep. */
    public static Overlay copies(List<Roi> rois) {
        Overlay o = new Overlay();
        for (Roi r : rois) {
            o.add((Roi) r.clone());
        }
        return o;
    }

    /** The hint color of a ROI (0xRRGGBB): its fill color unless none or fully transparent, else its stroke color. */
    public static Integer color(Roi roi) {
        Color fill = roi.getFillColor();
        if (fill != null && fill.getAlpha() > 0) {
            return fill.getRGB() & 0xFFFFFF;
        }
        Color stroke = roi.getStrokeColor();
        if (stroke != null && stroke.getAlpha() > 0) {
            return stroke.getRGB() & 0xFFFFFF;
        }
        return null;
    }

    /**
     * The hints of one point or area ROI of color {@code rgb} on a {@code width} x {@code height} image: one disk
     * of {@code radius} per point, or the area's mask clipped to the image; empty if it lies outside the image.
     */
    public static List<Hint> hints(Roi roi, int rgb, double radius, int width, int height) {
        float[] ab = Hint.chroma(rgb);
        List<Hint> out = new ArrayList<>();
        if (isPoint(roi)) {
            FloatPolygon p = roi.getFloatPolygon();
            for (int i = 0; i < p.npoints; i++) {
                double x = p.xpoints[i];
                double y = p.ypoints[i];
                // a disk that reaches the image
                double dx = Math.max(0, Math.max(-x, x - (width - 1)));
                double dy = Math.max(0, Math.max(-y, y - (height - 1)));
                if (dx * dx + dy * dy <= radius * radius + 1e-9) {
                    out.add(Hint.disk(x, y, radius, ab[0], ab[1]));
                }
            }
            return out;
        }
        Rectangle b = roi.getBounds();
        int x0 = Math.max(0, b.x);
        int y0 = Math.max(0, b.y);
        int x1 = Math.min(width, b.x + b.width);
        int y1 = Math.min(height, b.y + b.height);
        if (x1 <= x0 || y1 <= y0) {
            return out;
        }
        ImageProcessor mask = roi.getMask(); // null: the whole bounding rectangle
        int w = x1 - x0;
        int h = y1 - y0;
        boolean[] m = new boolean[w * h];
        boolean any = false;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                boolean in = mask == null || mask.get(x - b.x, y - b.y) != 0;
                m[(y - y0) * w + (x - x0)] = in;
                any |= in;
            }
        }
        if (any) {
            out.add(Hint.area(x0, y0, w, h, m, ab[0], ab[1]));
        }
        return out;
    }

    static boolean isPoint(Roi roi) {
        return roi instanceof PointRoi || roi.getType() == Roi.POINT;
    }

    static boolean isArea(Roi roi) {
        return roi.isArea() && !(roi instanceof TextRoi) && !(roi instanceof ImageRoi);
    }

    private static String kind(Roi roi) {
        if (roi instanceof TextRoi) {
            return "a text";
        }
        if (roi instanceof ImageRoi) {
            return "an image overlay";
        }
        return roi.isLine() ? "a line" : "a " + roi.getTypeAsString().toLowerCase(Locale.ROOT);
    }

    /** "ROI 'name'" or, without a name, its type and place. */
    static String describe(Roi roi) {
        String name = roi.getName();
        Rectangle b = roi.getBounds();
        return name != null && !name.isEmpty() ? "ROI '" + name + "'"
                : "unnamed " + roi.getTypeAsString().toLowerCase(Locale.ROOT) + " ROI at (" + b.x + ", " + b.y + ")";
    }

    /** Whether {@code roi} belongs on stack slice {@code index} (1-based) of {@code imp}. */
    static boolean onSlice(Roi roi, ImagePlus imp, int index) {
        if (roi.hasHyperStackPosition()) {
            int[] czt = imp.convertIndexToPosition(index);
            return (roi.getCPosition() == 0 || roi.getCPosition() == czt[0])
                    && (roi.getZPosition() == 0 || roi.getZPosition() == czt[1])
                    && (roi.getTPosition() == 0 || roi.getTPosition() == czt[2]);
        }
        int p = roi.getPosition();
        return p == 0 || p == index || imp.getStackSize() == 1;
    }
}
