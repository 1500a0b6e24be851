package org.colorizer.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.gui.Toolbar;
import ij.plugin.tool.PlugInTool;
import ij.process.FloatPolygon;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Shape;
import java.awt.event.MouseEvent;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colorizer.colorize.Colorizer;
import org.colorizer.hints.Hint;

/**
 * The toolbar tool that places color hints: pick a color (ImageJ's foreground color: the color picker, or
 * <i>Edit > Options > Colors</i>), then on the image
 * <ul>
 *   <li><b>click</b>: a point hint (a dot; Colorize gives it a disk of its point radius),</li>
 *   <li><b>drag</b>: a brush stroke of the tool's brush width (an area hint),</li>
 *   <li><b>shift-drag</b>: outline a region; the whole region is the hint (an area hint),</li>
 *   <li><b>alt-click</b> on a hint: remove it.</li>
 * </ul>
 * Each mark goes into the image's overlay, filled with the color and named {@code hint-N}, which is what
 * <i>Colorize</i> looks for ({@link RoiHints}). In a stack, a mark belongs to the slice it was placed on. With a
 * hint-aware preview model, every change updates a {@link LivePreview} of that image. Double-click the tool's
 * icon for its options.
 */
public final class ColorHintTool extends PlugInTool {
    public static final String NAME = "Color Hint Tool";
    /** Default brush width, image pixels. */
    public static final double DEFAULT_BRUSH = 8;
    /** Opacity of an area hint's fill (the color's chroma is the hint; alpha only shows the image beneath). */
    static final int AREA_ALPHA = 170;
    /** A press and release closer than this (screen pixels) is a click. */
    static final int CLICK_SLOP = 3;
    private static final Pattern NUMBERED = Pattern.compile("(?i)hint-(\\d+)");

    private static ColorHintTool instance;

    private volatile Colorizer previewModel;
    private volatile double radius = RoiHints.DEFAULT_RADIUS;
    private volatile double brush = DEFAULT_BRUSH;
    private final Map<ImagePlus, LivePreview> previews = new IdentityHashMap<>();

    // the gesture under way (EDT only)
    private ImagePlus gestureImage;
    private final List<double[]> path = new ArrayList<>();
    private int pressX;
    private int pressY;
    private boolean moved;
    private boolean outline;

    /** The one tool of this session. */
    public static synchronized ColorHintTool instance() {
        if (instance == null) {
            instance = new ColorHintTool();
        }
        return instance;
    }

    /**
     * Sets the tool up and selects it in ImageJ's toolbar: {@code previewModel} (null: no live preview; a model
     * without hint inputs is refused by {@link HintToolCommand} before this) and the point radius the preview
     * uses, and the brush width (image pixels).
     */
    public static ColorHintTool install(Colorizer previewModel, double radius, double brush) throws Exception {
        ColorHintTool t = instance();
        t.configure(previewModel, radius, brush);
        Runnable add = () -> Toolbar.addPlugInTool(t);
        if (EventQueue.isDispatchThread()) {
            add.run();
        } else {
            EventQueue.invokeAndWait(add);
        }
        return t;
    }

    /** Settings (see {@link #install}); open previews keep their model until closed. */
    public synchronized void configure(Colorizer previewModel, double radius, double brush) {
        this.previewModel = previewModel;
        this.radius = radius;
        this.brush = brush;
    }

    public double brush() {
        return brush;
    }

    public double radius() {
        return radius;
    }

    /** The live preview of {@code imp}, or null. */
    public synchronized LivePreview preview(ImagePlus imp) {
        return previews.get(imp);
    }

    @Override
    public String getToolName() {
        return NAME;
    }

    @Override
    public String getToolIcon() {
        // three colored marks: a red dot, a green dot, a blue stroke
        return "Cd22o1166C2a2o9166C23dL2cdcL2ddd";
    }

    @Override
    public void mousePressed(ImagePlus imp, MouseEvent e) {
        ImageCanvas ic = imp.getCanvas();
        if (ic == null) {
            return;
        }
        double x = ic.offScreenXD(e.getX());
        double y = ic.offScreenYD(e.getY());
        e.consume();
        if (e.isAltDown()) {
            gestureImage = null;
            remove(imp, x, y, ic.getMagnification());
            return;
        }
        gestureImage = imp;
        path.clear();
        path.add(new double[] {x, y});
        pressX = e.getX();
        pressY = e.getY();
        moved = false;
        outline = e.isShiftDown();
    }

    @Override
    public void mouseDragged(ImagePlus imp, MouseEvent e) {
        ImageCanvas ic = imp.getCanvas();
        if (imp != gestureImage || ic == null) {
            return;
        }
        e.consume();
        path.add(new double[] {ic.offScreenXD(e.getX()), ic.offScreenYD(e.getY())});
        moved |= Math.abs(e.getX() - pressX) > CLICK_SLOP || Math.abs(e.getY() - pressY) > CLICK_SLOP;
        if (moved) {
            // the stroke or outline so far, as a temporary selection in the hint's color
            Roi trace = new PolygonRoi(polygon(), outline ? Roi.FREEROI : Roi.FREELINE);
            trace.setStrokeColor(Toolbar.getForegroundColor());
            if (!outline) {
                trace.setStrokeWidth(brush);
            }
            imp.setRoi(trace, true);
        }
    }

    @Override
    public void mouseReleased(ImagePlus imp, MouseEvent e) {
        if (imp != gestureImage) {
            return;
        }
        e.consume();
        gestureImage = null;
        if (moved) {
            imp.deleteRoi();
        }
        Roi hint;
        if (!moved || path.size() < 2 || (outline && path.size() < 3)) {
            double[] p = path.get(0);
            hint = pointHint(p[0], p[1], Toolbar.getForegroundColor());
        } else if (outline) {
            hint = outlineHint(polygon(), Toolbar.getForegroundColor());
        } else {
            hint = strokeHint(path, brush, Toolbar.getForegroundColor());
        }
        add(imp, hint);
    }

    private FloatPolygon polygon() {
        FloatPolygon fp = new FloatPolygon();
        for (double[] p : path) {
            fp.addPoint(p[0], p[1]);
        }
        return fp;
    }

    /** A point hint at the pixel holding (x, y) (offscreen coordinates), shown as a large dot of {@code c}. */
    static Roi pointHint(double x, double y, Color c) {
        PointRoi p = new PointRoi((int) Math.floor(x), (int) Math.floor(y));
        p.setPointType(PointRoi.DOT);
        p.setSize(3); // large: visible at any zoom
        p.setStrokeColor(opaque(c));
        p.setFillColor(opaque(c));
        return p;
    }

    /** A brush stroke along {@code path} (offscreen coordinates) of width {@code width} pixels. */
    static Roi strokeHint(List<double[]> path, double width, Color c) {
        Path2D.Double line = new Path2D.Double();
        line.moveTo(path.get(0)[0], path.get(0)[1]);
        for (int i = 1; i < path.size(); i++) {
            line.lineTo(path.get(i)[0], path.get(i)[1]);
        }
        Shape s = new BasicStroke((float) Math.max(1, width), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                .createStrokedShape(line);
        Roi r = new ShapeRoi(s);
        r.setFillColor(translucent(c));
        return r;
    }

    /** The region inside an outline. */
    static Roi outlineHint(FloatPolygon outline, Color c) {
        Roi r = new PolygonRoi(outline, Roi.FREEROI);
        r.setFillColor(translucent(c));
        return r;
    }

    private static Color opaque(Color c) {
        return new Color(c.getRGB() & 0xFFFFFF);
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), AREA_ALPHA);
    }

    /** Adds {@code hint} to {@code imp}'s overlay as the next {@code hint-N}, on the current slice of a stack. */
    public void add(ImagePlus imp, Roi hint) {
        Overlay o = imp.getOverlay();
        if (o == null) {
            o = new Overlay();
        }
        hint.setName("hint-" + nextNumber(o));
        if (imp.getStackSize() > 1) {
            if (imp.isHyperStack()) {
                hint.setPosition(imp.getChannel(), imp.getSlice(), imp.getFrame());
            } else {
                hint.setPosition(imp.getCurrentSlice());
            }
        }
        o.add(hint);
        imp.setOverlay(o);
        Integer rgb = RoiHints.color(hint);
        IJ.showStatus(hint.getName() + " (" + String.format(Locale.ROOT, "#%06X", rgb) + ")"
                + (rgb != null && isGray(rgb) ? ": a gray hint (pick a color first)" : ""));
        changed(imp);
    }

    private static boolean isGray(int rgb) {
        float[] ab = Hint.chroma(rgb);
        return Math.hypot(ab[0], ab[1]) < 2;
    }

    static int nextNumber(Overlay o) {
        int max = 0;
        for (Roi r : o.toArray()) {
            Matcher m = NUMBERED.matcher(r.getName() == null ? "" : r.getName().trim());
            if (m.matches()) {
                try {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                } catch (NumberFormatException ignored) {
                    // a huge number: not ours
                }
            }
        }
        return max + 1;
    }

    /** Removes the topmost hint at (x, y); a point counts within a few screen pixels of its dot. */
    public boolean remove(ImagePlus imp, double x, double y, double magnification) {
        Overlay o = imp.getOverlay();
        if (o == null) {
            return false;
        }
        Roi[] rois = o.toArray();
        double reach = Math.max(radius, 6 / Math.max(1e-3, magnification));
        for (int i = rois.length - 1; i >= 0; i--) {
            Roi r = rois[i];
            if (!RoiHints.isHintName(r.getName()) || !onCurrentSlice(imp, r)) {
                continue;
            }
            boolean hit;
            if (RoiHints.isPoint(r)) {
                hit = false;
                FloatPolygon p = r.getFloatPolygon();
                for (int k = 0; k < p.npoints; k++) {
                    hit |= Math.hypot(p.xpoints[k] + 0.5 - x, p.ypoints[k] + 0.5 - y) <= reach;
                }
            } else {
                hit = r.contains((int) Math.floor(x), (int) Math.floor(y)); // the pixel under the mouse
            }
            if (hit) {
                o.remove(r);
                imp.draw();
                IJ.showStatus(r.getName() + " removed");
                changed(imp);
                return true;
            }
        }
        return false;
    }

    private static boolean onCurrentSlice(ImagePlus imp, Roi r) {
        return imp.getStackSize() == 1 || RoiHints.onSlice(r, imp, imp.getCurrentSlice());
    }

    /** After a hint change on {@code imp}: updates its live preview (opened on the first change). */
    public void changed(ImagePlus imp) {
        LivePreview p;
        synchronized (this) {
            Colorizer model = previewModel;
            p = previews.get(imp);
            if (p == null || p.isClosed()) {
                if (model == null) {
                    return;
                }
                LivePreview created = new LivePreview(imp, model, RoiHints.Mode.AUTO, radius, msg -> {
                    IJ.log(msg);
                    IJ.showStatus(msg);
                });
                created.onClose(() -> {
                    synchronized (ColorHintTool.this) {
                        previews.remove(imp, created);
                    }
                });
                previews.put(imp, created);
                p = created;
            }
        }
        p.request();
    }

    @Override
    public void showOptionsDialog() {
        GenericDialog gd = new GenericDialog(NAME);
        gd.addNumericField("Brush width (drag)", brush, 1, 6, "px");
        gd.addNumericField("Point hint radius (preview)", radius, 1, 6, "px");
        gd.addMessage("Click: point hint; drag: brush stroke; shift-drag: outline a region; alt-click: remove.\n"
                + "The color is ImageJ's foreground color. Plugins > Colorization > Hint Tool sets the preview model.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        double b = gd.getNextNumber();
        double r = gd.getNextNumber();
        configure(previewModel, Double.isFinite(r) && r >= 0 ? r : radius, Double.isFinite(b) && b >= 1 ? b : brush);
    }
}
