package org.colorizer.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageJ;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Window;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.training.TrainingListener;

/**
 * With a display: a live loss plot (updated each epoch, and every few steps) and, to its right, the latest
 * validation preview ({@code NAME-preview.png}: gray | predicted | truth). Headless: does nothing (no AWT calls at
 * all).
 */
abstract class TrainingMonitor {

    static TrainingMonitor create(String name) {
        if (GraphicsEnvironment.isHeadless() || Boolean.getBoolean("colorizer.noDisplay")) {
            return new TrainingMonitor() {
                @Override
                void step(TrainingListener.Progress p) {}

                @Override
                void epoch(TrainingListener.EpochReport r) {}
            };
        }
        return new Display(name);
    }

    abstract void step(TrainingListener.Progress p);

    abstract void epoch(TrainingListener.EpochReport r);

    /**
     * ImageJ Plot + preview window. The plot's vertical range covers every curve: L1 (x10, as a*b* errors are
     * about a tenth of the adversarial losses), the validation L1 of each epoch, and D and G_gan from the GAN phase
     * on (the L1-only phase reports no adversarial losses; its zeros are not plotted). The preview opens to the
     * right of the plot, zoomed to at least {@link TrainingMonitor#MIN_PREVIEW_WIDTH} px wide where the screen allows, and never
     * larger than the free screen area.
     */
    private static final class Display extends TrainingMonitor {
        private final String name;
        private final List<Double> x = new ArrayList<>();
        private final List<Double> l1 = new ArrayList<>();
        private final List<Double> xGan = new ArrayList<>();
        private final List<Double> d = new ArrayList<>();
        private final List<Double> g = new ArrayList<>();
        private final List<Double> xVal = new ArrayList<>();
        private final List<Double> valL1 = new ArrayList<>();
        private double sumL1;
        private double sumD;
        private double sumG;
        private int n;
        private int nGan;
        private double ganStart = Double.NaN;
        private ImagePlus plotImage;
        private ImagePlus preview;
        private long lastPlot;

        Display(String name) {
            this.name = name;
        }

        @Override
        void step(TrainingListener.Progress p) {
            sumL1 += p.lossL1;
            n++;
            if ("gan".equals(p.phase) || "d-warmup".equals(p.phase)) {
                if (Double.isNaN(ganStart)) {
                    ganStart = p.step - 1;
                }
                sumD += p.lossD;
                sumG += p.lossGan;
                nGan++;
            }
            int every = Math.max(1, p.stepsPerEpoch / 20);
            if (n >= every) {
                x.add((double) p.step);
                l1.add(sumL1 / n * 10);
                if (nGan > 0) {
                    xGan.add((double) p.step);
                    d.add(sumD / nGan);
                    g.add(sumG / nGan);
                }
                sumL1 = sumD = sumG = 0;
                n = nGan = 0;
                if (System.currentTimeMillis() - lastPlot > 5000) {
                    showPlot();
                }
            }
        }

        @Override
        void epoch(TrainingListener.EpochReport r) {
            if (Double.isFinite(r.valL1)) {
                xVal.add((double) r.step);
                valL1.add(r.valL1 * 10);
            }
            showPlot();
            if (r.preview != null && r.preview.toFile().isFile()) {
                ImagePlus img = IJ.openImage(r.preview.toString());
                if (img != null) {
                    String title = name + " preview (epoch " + r.epoch + "): gray | predicted | truth";
                    if (preview != null && preview.getWindow() != null && preview.getWidth() == img.getWidth()
                            && preview.getHeight() == img.getHeight()) {
                        // same size: keep the window where it is, at the user's zoom
                        preview.setProcessor(img.getProcessor());
                        preview.setTitle(title);
                    } else {
                        if (preview != null && preview.getWindow() != null) {
                            preview.changes = false;
                            preview.close();
                        }
                        img.setTitle(title);
                        preview = img;
                        showPreview();
                    }
                }
            }
        }

        private void showPlot() {
            if (x.isEmpty() && xVal.isEmpty()) {
                return;
            }
            lastPlot = System.currentTimeMillis();
            Plot plot = buildPlot(name, x, l1, xVal, valL1, xGan, d, g, ganStart);
            ImageWindow win = plotImage == null ? null : plotImage.getWindow();
            if (win instanceof PlotWindow) {
                ((PlotWindow) win).drawPlot(plot);
            } else {
                Rectangle area = freeScreen();
                ImageWindow.setNextLocation(area.x, area.y);
                plot.show();
                plotImage = plot.getImagePlus();
            }
        }

        private void showPreview() {
            Rectangle area = freeScreen();
            Window plotWin = plotImage == null ? null : plotImage.getWindow();
            Rectangle beside = area;
            Rectangle below = null;
            if (plotWin != null && plotWin.isShowing()) {
                Rectangle p = plotWin.getBounds();
                beside = clip(new Rectangle(p.x + p.width + GAP, p.y, Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2),
                        area);
                below = clip(new Rectangle(p.x, p.y + p.height + GAP, Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2),
                        area);
            }
            int w = preview.getWidth();
            int h = preview.getHeight();
            ImageWindow.setNextLocation(beside.x, beside.y);
            preview.show();
            ImageWindow win = preview.getWindow();
            if (win == null) {
                return; // batch mode
            }
            ImageCanvas ic = win.getCanvas();
            Dimension extra = new Dimension(Math.max(0, win.getWidth() - ic.getWidth()),
                    Math.max(0, win.getHeight() - ic.getHeight()));
            Rectangle target = beside;
            double mag = magnification(w, h, beside.width - extra.width, beside.height - extra.height);
            if (below != null) {
                // a narrow screen: below the plot if the preview is larger there (never over it)
                double magBelow = magnification(w, h, below.width - extra.width, below.height - extra.height);
                if (magBelow > mag * 1.25) {
                    mag = magBelow;
                    target = below;
                }
            }
            ic.setSourceRect(new Rectangle(0, 0, w, h));
            ic.setMagnification(mag);
            ic.setSize((int) Math.round(w * mag), (int) Math.round(h * mag));
            win.pack();
            win.setLocation(target.x, target.y);
            ic.repaint();
        }

        /** The screen area for windows, below the ImageJ bar when it runs along the top. */
        private static Rectangle freeScreen() {
            Rectangle area = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
            ImageJ ij = IJ.getInstance();
            if (ij != null && ij.isShowing()) {
                Rectangle bar = ij.getBounds();
                if (bar.intersects(area) && bar.y + bar.height < area.y + area.height / 2) {
                    int bottom = bar.y + bar.height + GAP;
                    area.height -= bottom - area.y;
                    area.y = bottom;
                }
            }
            return area;
        }

        private static Rectangle clip(Rectangle r, Rectangle area) {
            Rectangle c = r.intersection(area);
            return c.isEmpty() ? new Rectangle(area.x, area.y, 0, 0) : c;
        }

        private static double[] toArray(List<Double> v) {
            double[] a = new double[v.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = v.get(i);
            }
            return a;
        }
    }

    static final int MIN_PREVIEW_WIDTH = 512;
    private static final int GAP = 8;
    static final Color L1_COLOR = new Color(0, 114, 178);
    static final Color D_COLOR = new Color(213, 94, 0);
    static final Color G_COLOR = new Color(0, 158, 115);

    /**
     * The zoom for a w x h preview in a maxW x maxH space: the smallest of ImageJ's zoom steps that makes it at
     * least {@link #MIN_PREVIEW_WIDTH} px wide, else 100%; lowered step by step (as ImageJ does for large images)
     * until it fits. Only ImageJ's steps: at an arbitrary zoom its integer source rectangle can drop the last row
     * or column (and show the zoom indicator).
     */
    static double magnification(int w, int h, int maxW, int maxH) {
        double mag = 1;
        while (w * mag < MIN_PREVIEW_WIDTH && mag < 8) {
            mag = ImageCanvas.getHigherZoomLevel(mag);
        }
        while ((w * mag > maxW || h * mag > maxH) && mag > 1 / 32.0) {
            mag = ImageCanvas.getLowerZoomLevel(mag);
        }
        return mag;
    }

    /**
     * The loss plot, with limits that cover every curve: L1 x10 (train, and validation per epoch as circles),
     * D and G adversarial (GAN phase only), a dotted line where the GAN phase starts, and a legend.
     */
    static Plot buildPlot(String name, List<Double> x, List<Double> l1, List<Double> xVal, List<Double> valL1,
            List<Double> xGan, List<Double> d, List<Double> g, double ganStart) {
        Plot plot = new Plot(name + " training losses", "step", "loss");
        plot.setLineWidth(2);
        StringBuilder legend = new StringBuilder();
        double[] y = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double xMin = Double.MAX_VALUE;
        double xMax = 1;
        if (!x.isEmpty()) {
            xMin = x.get(0);
            plot.setColor(L1_COLOR);
            plot.addPoints(Display.toArray(x), Display.toArray(l1), Plot.LINE);
            legend.append("L1 x10 (train)\n");
            span(y, l1);
            xMax = Math.max(xMax, x.get(x.size() - 1));
        }
        if (!xVal.isEmpty()) {
            plot.setColor(Color.BLACK, L1_COLOR);
            plot.addPoints(Display.toArray(xVal), Display.toArray(valL1), Plot.CIRCLE);
            legend.append("L1 x10 (validation)\n");
            span(y, valL1);
            xMin = Math.min(xMin, xVal.get(0));
            xMax = Math.max(xMax, xVal.get(xVal.size() - 1));
        }
        if (!xGan.isEmpty()) {
            plot.setColor(D_COLOR);
            plot.addPoints(Display.toArray(xGan), Display.toArray(d), Plot.LINE);
            legend.append("D (discriminator)\n");
            plot.setColor(G_COLOR);
            plot.addPoints(Display.toArray(xGan), Display.toArray(g), Plot.LINE);
            legend.append("G adversarial\n");
            span(y, d);
            span(y, g);
        }
        double pad = Math.max((y[1] - y[0]) * 0.08, 0.02 * Math.max(Math.abs(y[1]), 0.01));
        double yMin = y[0] >= 0 ? Math.max(0, y[0] - pad) : y[0] - pad;
        double yMax = y[1] + pad;
        // from 0, unless a resumed run starts far into the training; a margin so the last circle is not cut
        xMin = xMin > 0.1 * xMax ? xMin - 0.02 * (xMax - xMin) : 0;
        plot.setLimits(xMin, xMax + 0.02 * (xMax - xMin), yMin, yMax);
        if (Double.isFinite(ganStart)) {
            plot.setLineWidth(1);
            plot.setColor(Color.GRAY);
            plot.drawDottedLine(ganStart, yMin, ganStart, yMax, 3);
            plot.addText(" GAN phase", ganStart, yMax - 0.06 * (yMax - yMin));
        }
        plot.setColor(Color.BLACK);
        plot.setLineWidth(1);
        plot.addLegend(legend.toString().trim(), "auto");
        return plot;
    }

    private static void span(double[] y, List<Double> v) {
        for (double a : v) {
            if (Double.isFinite(a)) {
                y[0] = Math.min(y[0], a);
                y[1] = Math.max(y[1], a);
            }
        }
    }
}
