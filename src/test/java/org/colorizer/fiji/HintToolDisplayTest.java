package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.gui.Toolbar;
import ij.process.ByteProcessor;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Preview;
import org.colorizer.hints.Hint;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Color Hint Tool and its live preview in a real ImageJ window on a virtual display ({@link VirtualDisplay}):
 * hints placed by mouse events sent to the image's canvas (ImageJ's own dispatch to the selected tool), the
 * preview waited for and its pixels checked. Artifacts in {@code target/hint-tool/}: {@code hint-tool.png} (the
 * screen), {@code child.log}, {@code xvfb.log}.
 */
@Tag("display")
class HintToolDisplayTest {
    static final int W = 320;
    static final int H = 240;

    @Test
    void hintsPlacedWithTheToolShowInTheLivePreview() throws Exception {
        Path out = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("hint-tool");
        if (!GraphicsEnvironment.isHeadless()) {
            Files.createDirectories(out);
            Scenario.run(out);
            return;
        }
        String log = VirtualDisplay.run(Scenario.class, out, "1280x800x24", 300, "the Color Hint Tool window test");
        System.out.println(log);
        assertTrue(log.contains("screenshot "), log);
    }

    static final class Scenario {
        public static void main(String[] args) {
            VirtualDisplay.checkToolkit();
            try {
                run(Paths.get(args[0]));
                System.exit(0);
            } catch (Throwable t) {
                t.printStackTrace(System.out);
                System.exit(1);
            }
        }

        /**
         * Picks the foreground color on the event thread, as a user does: ImageJ's toolbar redraws its icons from
         * shared fields, and a call from this thread raced with the event thread's painting (a string index error).
         */
        static void foreground(Color c) throws Exception {
            EventQueue.invokeAndWait(() -> Toolbar.setForegroundColor(c));
        }

        /** A gray scene: sky gradient, a sun, hills, a house. */
        static ImagePlus scene() {
            ByteProcessor bp = new ByteProcessor(W, H);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double hill = 150 + 25 * Math.sin(x / 40.0);
                    int v;
                    if (y < hill) {
                        v = (int) (200 - 60 * y / hill);
                        if (Math.hypot(x - 250, y - 50) < 22) {
                            v = 235;
                        }
                    } else {
                        v = (int) (90 + 20 * Math.sin(x / 7.0) * Math.cos(y / 5.0));
                    }
                    if (x >= 40 && x < 110 && y >= 120 && y < 190) {
                        v = 160 + ((x / 10 + y / 10) % 2) * 20;
                    }
                    bp.set(x, y, v);
                }
            }
            return new ImagePlus("scene", bp);
        }

        static void run(Path out) throws Exception {
            ImageJ ij = IJ.getInstance() == null ? new ImageJ(ImageJ.EMBEDDED) : null;
            Path model = TestModels.hintAware(out.resolve("hint-model.zip"), TestModels.tinyConfig(), 3, 25f);
            ImagePlus imp = scene();
            try (Colorizer c = Colorizer.load(model, Device.cpu())) {
                EventQueue.invokeAndWait(imp::show);
                settle();
                ImageCanvas canvas = imp.getCanvas();
                assertNotNull(canvas, "image window");
                ColorHintTool tool = ColorHintTool.install(c, 3, 10);
                assertEquals(ColorHintTool.NAME, IJ.getToolName(), "the tool is selected");

                // 1. click: a red point hint on the sky
                foreground(new Color(0xE01818));
                press(canvas, 150, 40, 0);
                release(canvas, 150, 40, 0);
                // 2. drag: a green brush stroke along the hills
                foreground(new Color(0x20B030));
                drag(canvas, new int[][] {{130, 200}, {160, 205}, {190, 210}, {220, 205}, {250, 200}}, 0);
                // 3. shift-drag: outline the house, filled blue
                foreground(new Color(0x2050E0));
                drag(canvas, new int[][] {{45, 125}, {105, 125}, {105, 185}, {45, 185}, {45, 126}},
                        InputEvent.SHIFT_DOWN_MASK);
                // 4. a yellow click, then alt-click removes it again
                foreground(Color.YELLOW);
                press(canvas, 290, 220, 0);
                release(canvas, 290, 220, 0);
                assertEquals(4, imp.getOverlay().size());
                press(canvas, 290, 220, InputEvent.ALT_DOWN_MASK);
                release(canvas, 290, 220, InputEvent.ALT_DOWN_MASK);

                Overlay o = imp.getOverlay();
                assertEquals(3, o.size(), "the alt-click removed the yellow hint");
                assertEquals("hint-1", o.get(0).getName());
                assertTrue(o.get(0) instanceof PointRoi);
                assertEquals("hint-2", o.get(1).getName());
                assertTrue(o.get(1) instanceof ShapeRoi, "a brush stroke is an area");
                assertEquals("hint-3", o.get(2).getName());
                assertEquals(Roi.FREEROI, o.get(2).getType());
                assertNull(imp.getRoi(), "no selection left behind");

                LivePreview p = tool.preview(imp);
                assertNotNull(p, "a live preview opened");
                // the EDT stays free while the preview works
                long worst = 0;
                long until = System.currentTimeMillis() + 400;
                while (System.currentTimeMillis() < until) {
                    long t0 = System.nanoTime();
                    EventQueue.invokeAndWait(() -> {});
                    worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                    Thread.sleep(10);
                }
                assertTrue(p.awaitCurrent(120_000), "preview not updated: " + p.lastError());
                settle();
                System.out.println("preview: " + p.updates() + " updates, last " + p.lastMillis() + " ms; longest EDT "
                        + "wait while it worked " + worst + " ms");
                ImagePlus shown = p.image();
                assertNotNull(shown);
                assertNotNull(shown.getWindow(), "the preview is on screen");
                assertEquals(W, shown.getWidth());
                int[] hinted = ((int[]) shown.getProcessor().getPixels()).clone();

                // the preview is what the current hints give, and differs from no hints near each hint
                Colorizer view = c.with(1f, -1).withWorkingSize(LivePreview.WORKING_SIZE);
                org.colorizer.colorize.Lightness l = Preview.lightness(imp).get(0);
                int[] plain = Preview.render(view, l, null, W, H);
                int[] expected = Preview.render(view, l, RoiHints.find(imp, RoiHints.Mode.AUTO, 3).slice(0), W, H);
                assertArrayEquals(expected, hinted, "the preview shows the current hints");
                check("red point", plain, hinted, 150, 40, 3, 0xE01818);
                check("green stroke", plain, hinted, 190, 210, 3, 0x20B030);
                check("blue house", plain, hinted, 75, 155, 20, 0x2050E0);

                // the preview updates in place: removing a hint changes the same window's pixels
                ij.gui.ImageWindow win = shown.getWindow();
                int before = p.updates();
                press(canvas, 75, 155, InputEvent.ALT_DOWN_MASK);
                release(canvas, 75, 155, InputEvent.ALT_DOWN_MASK);
                assertTrue(p.awaitCurrent(120_000), "preview not updated: " + p.lastError());
                assertTrue(p.updates() > before);
                assertSame(shown, p.image(), "the same preview image");
                assertSame(win, shown.getWindow(), "the same window");
                assertFalse(java.util.Arrays.equals(hinted, (int[]) shown.getProcessor().getPixels()));
                // put the house back for the screenshot
                foreground(new Color(0x2050E0));
                drag(canvas, new int[][] {{45, 125}, {105, 125}, {105, 185}, {45, 185}, {45, 126}},
                        InputEvent.SHIFT_DOWN_MASK);
                assertTrue(p.awaitCurrent(120_000), "preview not updated: " + p.lastError());
                settle();

                BufferedImage shot = new Robot().createScreenCapture(GraphicsEnvironment.getLocalGraphicsEnvironment()
                        .getDefaultScreenDevice().getDefaultConfiguration().getBounds());
                Path file = out.resolve("hint-tool.png");
                ImageIO.write(shot, "png", file.toFile());
                System.out.println("screenshot " + file.toAbsolutePath() + "; image window " + imp.getWindow().getBounds()
                        + ", preview window " + win.getBounds());
                EventQueue.invokeAndWait(() -> {
                    imp.changes = false;
                    shown.changes = false;
                    imp.close();
                });
                settle();
                assertTrue(p.isClosed(), "closing the image closes its preview");
            } finally {
                if (ij != null) {
                    EventQueue.invokeAndWait(ij::dispose);
                }
            }
        }

        /** Mean a*, b* over a square of half-side r, and the check that the hint moved them. */
        static void check(String what, int[] plain, int[] hinted, int cx, int cy, int r, int hintRgb) {
            double[] p = meanAb(plain, cx, cy, r);
            double[] q = meanAb(hinted, cx, cy, r);
            float[] hint = Hint.chroma(hintRgb);
            double moved = Math.hypot(q[0] - p[0], q[1] - p[1]);
            // toward the hint's chroma: the change's component along (hint - no-hint color)
            double tx = hint[0] - p[0];
            double ty = hint[1] - p[1];
            double toward = ((q[0] - p[0]) * tx + (q[1] - p[1]) * ty) / Math.max(1e-6, Math.hypot(tx, ty));
            System.out.println(String.format(Locale.ROOT, "%s at (%d, %d): a*b* without hints (%.1f, %.1f), with "
                    + "(%.1f, %.1f), hint (%.1f, %.1f): moved %.1f, %.1f toward the hint", what, cx, cy, p[0], p[1],
                    q[0], q[1], hint[0], hint[1], moved, toward));
            assertTrue(moved > 1.0, what + ": the preview's colors there changed by only " + moved);
        }

        static double[] meanAb(int[] rgb, int cx, int cy, int r) {
            double a = 0;
            double b = 0;
            int n = 0;
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    int v = rgb[y * W + x];
                    double[] lab = Lab.toLab((v >> 16) & 255, (v >> 8) & 255, v & 255);
                    a += lab[1];
                    b += lab[2];
                    n++;
                }
            }
            return new double[] {a / n, b / n};
        }

        static void press(ImageCanvas c, int x, int y, int modifiers) throws Exception {
            send(c, MouseEvent.MOUSE_PRESSED, x, y, modifiers | InputEvent.BUTTON1_DOWN_MASK);
        }

        static void release(ImageCanvas c, int x, int y, int modifiers) throws Exception {
            send(c, MouseEvent.MOUSE_RELEASED, x, y, modifiers);
            settle(50);
        }

        static void drag(ImageCanvas c, int[][] points, int modifiers) throws Exception {
            press(c, points[0][0], points[0][1], modifiers);
            for (int i = 1; i < points.length; i++) {
                // intermediate positions, as a real drag delivers them
                int[] a = points[i - 1];
                int[] b = points[i];
                for (int k = 1; k <= 4; k++) {
                    send(c, MouseEvent.MOUSE_DRAGGED, a[0] + (b[0] - a[0]) * k / 4, a[1] + (b[1] - a[1]) * k / 4,
                            modifiers | InputEvent.BUTTON1_DOWN_MASK);
                }
            }
            int[] last = points[points.length - 1];
            release(c, last[0], last[1], modifiers);
        }

        /** A mouse event at image pixel (x, y), through the canvas's own listeners on the EDT. */
        static void send(ImageCanvas c, int id, int x, int y, int modifiers) throws Exception {
            int sx = c.screenXD(x + 0.5);
            int sy = c.screenYD(y + 0.5);
            EventQueue.invokeAndWait(() -> c.dispatchEvent(new MouseEvent(c, id, System.currentTimeMillis(),
                    modifiers, sx, sy, 1, false, MouseEvent.BUTTON1)));
        }

        static void settle() throws Exception {
            settle(300);
        }

        static void settle(long ms) throws Exception {
            for (int i = 0; i < 3; i++) {
                EventQueue.invokeAndWait(() -> {});
                java.awt.Toolkit.getDefaultToolkit().sync();
                Thread.sleep(ms / 3);
            }
        }
    }
}
