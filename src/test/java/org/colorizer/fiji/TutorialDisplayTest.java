package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.ImageColorizer;
import org.colorizer.hints.Hint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's tutorial on a virtual display ({@link VirtualDisplay}), with the built-in {@code general} model and
 * the repository's sample photo: the Hint Tool, a red click on the left parrot's head and a blue one on the right
 * parrot, the live preview, then Colorize with the hints. Checks that the preview and the output take each hint's
 * color there and that the output keeps the hints in its overlay. The screen is kept as
 * {@code target/tutorial/tutorial.png}; docs/screenshots.sh copies it into the documentation.
 */
@Tag("display")
class TutorialDisplayTest {
    /** The sample photo and the hints of samples/kodim23-gray.csv: red on the left parrot's head, blue on the right. */
    static final String SAMPLE = "samples/kodim23-gray.png";
    static final int[] RED = {92, 102, 0xC83020};
    static final int[] BLUE = {300, 200, 0x2050C0};

    @Test
    void theTutorialsHintsColorTheParrots() throws Exception {
        Path base = Paths.get(System.getProperty("basedir", "."));
        Path out = base.resolve("target").resolve("tutorial");
        assertTrue(Files.isRegularFile(base.resolve(SAMPLE)), "the sample photo " + base.resolve(SAMPLE));
        if (!GraphicsEnvironment.isHeadless()) {
            Files.createDirectories(out);
            Scenario.run(base, out);
            return;
        }
        String log = VirtualDisplay.run(Scenario.class, out, "1280x800x24", 300, "the tutorial window test");
        System.out.println(log);
        assertTrue(log.contains("screenshot "), log);
    }

    static final class Scenario {
        public static void main(String[] args) {
            VirtualDisplay.checkToolkit();
            try {
                run(Paths.get(System.getProperty("basedir", ".")), Paths.get(args[0]));
                System.exit(0);
            } catch (Throwable t) {
                t.printStackTrace(System.out);
                System.exit(1);
            }
        }

        static void run(Path base, Path out) throws Exception {
            ImageJ ij = IJ.getInstance() == null ? new ImageJ(ImageJ.EMBEDDED) : null;
            try (Colorizer c = Colorizer.open("general", Device.cpu())) {
                ImagePlus imp = IJ.openImage(base.resolve(SAMPLE).toString());
                assertNotNull(imp, SAMPLE);
                int w = imp.getWidth();
                EventQueue.invokeAndWait(imp::show);
                HintToolDisplayTest.Scenario.settle();
                EventQueue.invokeAndWait(() -> imp.getWindow().setLocation(0, 100));
                HintToolDisplayTest.Scenario.settle();
                ImageCanvas canvas = imp.getCanvas();
                ColorHintTool tool = ColorHintTool.install(c, RoiHints.DEFAULT_RADIUS, ColorHintTool.DEFAULT_BRUSH);

                // 1. Colorize without hints
                ImagePlus automatic = ImageColorizer.colorize(c, imp, null);
                int[] plain = (int[]) automatic.getProcessor().getPixels();

                // 2. a red click on the left parrot's head, a blue one on the right parrot
                for (int[] h : new int[][] {RED, BLUE}) {
                    HintToolDisplayTest.Scenario.foreground(new Color(h[2]));
                    HintToolDisplayTest.Scenario.press(canvas, h[0], h[1], 0);
                    HintToolDisplayTest.Scenario.release(canvas, h[0], h[1], 0);
                }
                Overlay o = imp.getOverlay();
                assertNotNull(o, "the clicks made hints");
                assertEquals(2, o.size());
                assertEquals("hint-1", o.get(0).getName());
                assertEquals("hint-2", o.get(1).getName());
                assertTrue(o.get(0) instanceof PointRoi);

                LivePreview p = tool.preview(imp);
                assertNotNull(p, "a live preview opened");
                assertTrue(p.awaitCurrent(120_000), "preview not updated: " + p.lastError());
                HintToolDisplayTest.Scenario.settle();
                ImagePlus shown = p.image();
                assertNotNull(shown.getWindow(), "the preview is on screen");
                toward("preview", plain, (int[]) shown.getProcessor().getPixels(), w);

                // 3. Colorize again, as the command does: the hint ROI is found and kept in the output's overlay
                RoiHints.Found found = RoiHints.find(imp, RoiHints.Mode.AUTO, RoiHints.DEFAULT_RADIUS);
                assertEquals(2, found.rois().size(), "Colorize finds the hints");
                ImagePlus colored = ImageColorizer.colorizeWithHints(c, imp, found.all(), null);
                toward("output", plain, (int[]) colored.getProcessor().getPixels(), w);
                colored.setTitle(imp.getTitle() + " (colorized)");
                colored.setOverlay(RoiHints.copies(found.rois()));
                EventQueue.invokeAndWait(colored::show);
                HintToolDisplayTest.Scenario.settle();
                Rectangle below = imp.getWindow().getBounds();
                EventQueue.invokeAndWait(() -> colored.getWindow().setLocation(below.x, below.y + below.height + 4));
                HintToolDisplayTest.Scenario.settle();

                BufferedImage shot = new Robot().createScreenCapture(GraphicsEnvironment.getLocalGraphicsEnvironment()
                        .getDefaultScreenDevice().getDefaultConfiguration().getBounds());
                Path file = out.resolve("tutorial.png");
                ImageIO.write(shot, "png", file.toFile());
                System.out.println("screenshot " + file.toAbsolutePath());
                EventQueue.invokeAndWait(() -> {
                    for (ImagePlus i : new ImagePlus[] {imp, shown, colored}) {
                        i.changes = false;
                    }
                    colored.close();
                    imp.close();
                });
                HintToolDisplayTest.Scenario.settle();
            } finally {
                if (ij != null) {
                    EventQueue.invokeAndWait(ij::dispose);
                }
            }
        }

        static void toward(String what, int[] plain, int[] hinted, int width) {
            toward(what + ", red hint", plain, hinted, width, RED);
            toward(what + ", blue hint", plain, hinted, width, BLUE);
        }

        /** Around a hint {x, y, rgb}, the colors are at least twice as close to its chroma as without hints. */
        static void toward(String what, int[] plain, int[] hinted, int width, int[] h) {
            double[] p = meanAb(plain, width, h[0], h[1], 3);
            double[] q = meanAb(hinted, width, h[0], h[1], 3);
            float[] hint = Hint.chroma(h[2]);
            double tx = hint[0] - p[0];
            double ty = hint[1] - p[1];
            double toward = ((q[0] - p[0]) * tx + (q[1] - p[1]) * ty) / Math.max(1e-6, Math.hypot(tx, ty));
            double before = Math.hypot(tx, ty);
            double after = Math.hypot(hint[0] - q[0], hint[1] - q[1]);
            System.out.println(String.format(Locale.ROOT, "%s at the hint: a*b* without (%.1f, %.1f), with (%.1f, "
                    + "%.1f), hint (%.1f, %.1f): %.1f toward it", what, p[0], p[1], q[0], q[1], hint[0], hint[1],
                    toward));
            assertTrue(after < before / 2, what + ": the colors at the hint are " + after + " from the hint's, "
                    + before + " without hints");
        }

        static double[] meanAb(int[] rgb, int width, int cx, int cy, int r) {
            double a = 0;
            double b = 0;
            int n = 0;
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    int v = rgb[y * width + x];
                    double[] lab = Lab.toLab((v >> 16) & 255, (v >> 8) & 255, v & 255);
                    a += lab[1];
                    b += lab[2];
                    n++;
                }
            }
            return new double[] {a / n, b / n};
        }
    }
}
