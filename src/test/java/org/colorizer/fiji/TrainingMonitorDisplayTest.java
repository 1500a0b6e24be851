package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.colorizer.training.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Train Colorizer's window (live loss plot and validation preview) on a real X display, as a user sees it.
 *
 * <p>Surefire runs the tests headless (the pom's argLine), so this test starts a child JVM with
 * {@code -Djava.awt.headless=false} on a private Xvfb screen of 1920x1080 that it starts itself ({@code Xvfb} from
 * Debian's {@code xvfb} package, found on the PATH); without Xvfb it uses {@code $DISPLAY}; with neither it is
 * skipped and says so. Run from a desktop JVM that is not headless, it runs in-process on that display.
 *
 * <p>Artifacts in {@code target/training-monitor/}: one full-screen screenshot per case ({@code CASE.png}), the
 * preview montages fed to the monitor, {@code child.log} and {@code xvfb.log}.
 */
@Tag("display")
class TrainingMonitorDisplayTest {
    static final String SCREEN = "1920x1080x24";

    @Test
    void lossPlotShowsEveryCurveAndThePreviewSitsLargeBesideIt() throws Exception {
        Path out = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("training-monitor");
        Files.createDirectories(out);
        if (!GraphicsEnvironment.isHeadless()) {
            Scenario.runAll(out);
            return;
        }
        String text = VirtualDisplay.run(Scenario.class, out, SCREEN, 180, "the Train Colorizer window test");
        assertTrue(text.contains("screenshot "), text);
    }

    /** Runs on the display (in the child JVM): feeds the monitor a run, checks the windows, takes screenshots. */
    static final class Scenario {
        public static void main(String[] args) {
            VirtualDisplay.checkToolkit();
            try {
                runAll(Paths.get(args[0]));
                System.exit(0);
            } catch (Throwable t) {
                t.printStackTrace(System.out);
                System.exit(1);
            }
        }

        static void runAll(Path out) throws Exception {
            // Fiji shows the ImageJ bar at the top of the screen; the monitor's windows must stay clear of it
            ImageJ ij = IJ.getInstance() == null ? new ImageJ(ImageJ.EMBEDDED) : null;
            try {
                // Fiji's defaults (128 px, 4 validation rows): a 392x524 montage
                check(out, "defaults-128px", 128, 4);
                // the run: 64 px and one validation photo, a 200x64 montage shown at natural size before
                check(out, "small-64px", 64, 1);
                // 256 px: a 776x1036 montage, taller than the free screen: fitted
                check(out, "large-256px", 256, 4);
            } finally {
                if (ij != null) {
                    EventQueue.invokeAndWait(() -> ij.dispose());
                }
            }
        }

        static void check(Path out, String name, int size, int rows) throws Exception {
            Path png = out.resolve(name + "-preview.png");
            int w = 3 * size + 8;
            int h = rows * size + (rows - 1) * 4;
            TrainingMonitor monitor = TrainingMonitor.create(name);
            Random rnd = new Random(17);
            int epochs = 6;
            int pretrain = 2;
            int stepsPerEpoch = 60;
            long step = 0;
            double l1Min = Double.MAX_VALUE;
            for (int e = 1; e <= epochs; e++) {
                boolean gan = e > pretrain;
                double sumL1 = 0;
                for (int s = 1; s <= stepsPerEpoch; s++) {
                    TrainingListener.Progress p = new TrainingListener.Progress();
                    p.epoch = e;
                    p.epochs = epochs;
                    p.step = ++step;
                    p.totalSteps = (long) epochs * stepsPerEpoch;
                    p.stepInEpoch = s;
                    p.stepsPerEpoch = stepsPerEpoch;
                    p.phase = gan ? "gan" : "pretrain";
                    // L1 (a*b* / 110) falls from ~0.16 to ~0.07; D and G_gan stay in 0.75-0.84 (as in the issue's
                    // run); in the L1-only phase GanStep reports 0 for both
                    p.lossL1 = 0.07 + 0.09 * Math.exp(-step / 90.0) + 0.006 * rnd.nextGaussian();
                    p.lossD = gan ? 0.795 + 0.045 * (2 * rnd.nextDouble() - 1) : 0;
                    p.lossGan = gan ? 0.795 + 0.045 * (2 * rnd.nextDouble() - 1) : 0;
                    p.learningRate = 2e-4;
                    p.imagesPerSecond = 40;
                    p.etaSeconds = (p.totalSteps - step) / 5.0;
                    monitor.step(p);
                    sumL1 += p.lossL1;
                }
                writeMontage(png, size, rows, Math.min(1, e / (double) epochs));
                TrainingListener.EpochReport r = new TrainingListener.EpochReport();
                r.epoch = e;
                r.epochs = epochs;
                r.step = step;
                r.trainL1 = sumL1 / stepsPerEpoch;
                r.trainD = gan ? 0.8 : Double.NaN;
                r.trainGan = gan ? 0.8 : Double.NaN;
                r.valL1 = r.trainL1 + 0.01;
                r.valPsnr = 21 + e * 0.3;
                r.preview = png;
                monitor.epoch(r);
            }
            settle();

            ImagePlus plotImp = WindowManager.getImage(name + " training losses");
            assertNotNull(plotImp, "no plot window; windows: " + Arrays.toString(WindowManager.getImageTitles()));
            PlotWindow plotWin = (PlotWindow) plotImp.getWindow();
            Plot plot = plotWin.getPlot();
            double[] lim = plot.getLimits();
            String[] names = plot.getDataObjectDesignations();
            System.out.println(name + ": plot limits " + Arrays.toString(lim) + ", curves " + Arrays.toString(names));
            assertTrue(names.length >= 3, Arrays.toString(names));
            boolean sawD = false;
            boolean sawG = false;
            for (int i = 0; i < names.length; i++) {
                float[][] xy = plot.getDataObjectArrays(i);
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : xy[1]) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                System.out.println("  " + names[i] + ": " + xy[1].length + " points, y " + min + " .. " + max);
                assertTrue(xy[1].length > 0, names[i]);
                assertTrue(min >= lim[2] && max <= lim[3],
                        names[i] + " spans " + min + " .. " + max + " outside the y range " + lim[2] + " .. " + lim[3]);
                for (float v : xy[0]) {
                    assertTrue(v >= lim[0] && v <= lim[1], names[i] + " x " + v + " outside " + lim[0] + " .. " + lim[1]);
                }
                // designations read "Data Set 2: D (discriminator)"
                String n = names[i].replaceFirst("^Data Set \\d+: ", "").toLowerCase(java.util.Locale.ROOT);
                if (n.startsWith("d ") || n.equals("d") || n.contains("discriminator")) {
                    sawD = true;
                    // only the GAN phase: the L1-only phase's zeros are not losses
                    assertTrue(min >= 0.74 && max <= 0.85, names[i] + ": " + min + " .. " + max);
                }
                if (n.contains("adversarial")) {
                    sawG = true;
                    assertTrue(min >= 0.74 && max <= 0.85, names[i] + ": " + min + " .. " + max);
                }
            }
            assertTrue(sawD && sawG, "no discriminator / adversarial curve: " + Arrays.toString(names));

            ImagePlus prev = null;
            for (String t : WindowManager.getImageTitles()) {
                if (t.startsWith(name + " preview")) {
                    prev = WindowManager.getImage(t);
                }
            }
            assertNotNull(prev, "no preview window; windows: " + Arrays.toString(WindowManager.getImageTitles()));
            assertEquals(w, prev.getWidth());
            assertEquals(h, prev.getHeight());
            ImageWindow prevWin = prev.getWindow();
            ImageCanvas canvas = prevWin.getCanvas();
            Rectangle src = canvas.getSrcRect();
            Rectangle plotBounds = plotWin.getBounds();
            Rectangle prevBounds = prevWin.getBounds();
            Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
            System.out.println(name + ": screen " + screen + ", ImageJ " + IJ.getInstance().getBounds() + ", plot "
                    + plotBounds + ", preview " + prevBounds + " (image " + w + "x" + h + " shown at "
                    + canvas.getWidth() + "x" + canvas.getHeight() + ", zoom " + canvas.getMagnification() + ")");
            assertEquals(new Rectangle(0, 0, w, h), src, "the whole montage is in view");
            assertTrue(canvas.getWidth() >= 512, "preview shown " + canvas.getWidth() + " px wide");
            assertTrue(Math.abs(canvas.getHeight() - h * canvas.getMagnification()) <= 2, "aspect ratio kept");
            assertFalse(plotBounds.intersects(prevBounds), "preview " + prevBounds + " over the plot " + plotBounds);
            assertTrue(prevBounds.x >= plotBounds.x + plotBounds.width, "preview not to the right of the plot");
            assertTrue(screen.contains(prevBounds), "preview " + prevBounds + " off the screen " + screen);
            assertTrue(screen.contains(plotBounds), "plot " + plotBounds + " off the screen " + screen);
            Rectangle bar = IJ.getInstance().getBounds();
            assertFalse(bar.intersects(plotBounds) || bar.intersects(prevBounds), "over the ImageJ bar " + bar);

            BufferedImage shot = new Robot().createScreenCapture(
                    GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice().getDefaultConfiguration()
                            .getBounds());
            Path file = out.resolve(name + ".png");
            ImageIO.write(shot, "png", file.toFile());
            System.out.println("screenshot " + file.toAbsolutePath());
            EventQueue.invokeAndWait(() -> {});
            plotImp.changes = false;
            prev.changes = false;
            plotWin.close();
            prevWin.close();
            settle();
        }

        private static void settle() throws Exception {
            for (int i = 0; i < 3; i++) {
                EventQueue.invokeAndWait(() -> {});
                java.awt.Toolkit.getDefaultToolkit().sync();
                Thread.sleep(300);
            }
        }

        /** A montage as TrainingRun writes it: rows of gray | predicted | truth, 4 px white gaps. */
        static void writeMontage(Path file, int size, int rows, double learned) throws IOException {
            int w = 3 * size + 8;
            int h = rows * size + (rows - 1) * 4;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.setRGB(x, y, 0xFFFFFF);
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double u = x / (double) size;
                        double v = y / (double) size;
                        float hue = (float) ((u * 0.8 + r * 0.23 + 0.3 * Math.sin(6 * v)) % 1.0);
                        boolean disk = Math.hypot(u - 0.6, v - 0.45) < 0.22;
                        int truth = java.awt.Color.HSBtoRGB(disk ? (hue + 0.5f) % 1f : hue, disk ? 0.9f : 0.6f,
                                (float) (0.35 + 0.6 * v));
                        int tr = (truth >> 16) & 255;
                        int tg = (truth >> 8) & 255;
                        int tb = truth & 255;
                        int gray = (int) Math.round(0.299 * tr + 0.587 * tg + 0.114 * tb);
                        int pr = (int) Math.round(gray + learned * 0.8 * (tr - gray));
                        int pg = (int) Math.round(gray + learned * 0.8 * (tg - gray));
                        int pb = (int) Math.round(gray + learned * 0.8 * (tb - gray));
                        int oy = r * (size + 4) + y;
                        img.setRGB(x, oy, gray * 0x010101);
                        img.setRGB(size + 4 + x, oy, (pr << 16) | (pg << 8) | pb);
                        img.setRGB(2 * (size + 4) + x, oy, truth & 0xFFFFFF);
                    }
                }
            }
            ImageIO.write(img, "png", file.toFile());
        }
    }
}
