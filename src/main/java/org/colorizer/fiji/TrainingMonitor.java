package org.colorizer.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.training.TrainingListener;

/**
 * With a display: a live loss plot (updated each epoch, and every few steps) and the latest validation preview.
 * Headless: does nothing (no AWT calls at all).
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

    /** ImageJ Plot + preview window. */
    private static final class Display extends TrainingMonitor {
        private final String name;
        private final List<Double> x = new ArrayList<>();
        private final List<Double> l1 = new ArrayList<>();
        private final List<Double> d = new ArrayList<>();
        private final List<Double> g = new ArrayList<>();
        private double sumL1;
        private double sumD;
        private double sumG;
        private int n;
        private ImagePlus plotImage;
        private ImagePlus preview;
        private long lastPlot;

        Display(String name) {
            this.name = name;
        }

        @Override
        void step(TrainingListener.Progress p) {
            sumL1 += p.lossL1;
            sumD += p.lossD;
            sumG += p.lossGan;
            n++;
            int every = Math.max(1, p.stepsPerEpoch / 20);
            if (n >= every) {
                x.add((double) p.step);
                l1.add(sumL1 / n * 10);
                d.add(sumD / n);
                g.add(sumG / n);
                sumL1 = sumD = sumG = 0;
                n = 0;
                if (System.currentTimeMillis() - lastPlot > 5000) {
                    showPlot();
                }
            }
        }

        @Override
        void epoch(TrainingListener.EpochReport r) {
            showPlot();
            if (r.preview != null && r.preview.toFile().isFile()) {
                ImagePlus img = IJ.openImage(r.preview.toString());
                if (img != null) {
                    img.setTitle(name + " preview (epoch " + r.epoch + "): gray | predicted | truth");
                    if (preview == null || preview.getWindow() == null) {
                        preview = img;
                        preview.show();
                    } else {
                        preview.setImage(img);
                        preview.setTitle(img.getTitle());
                    }
                }
            }
        }

        private void showPlot() {
            if (x.isEmpty()) {
                return;
            }
            lastPlot = System.currentTimeMillis();
            Plot plot = new Plot(name + " training losses", "step", "loss");
            plot.setColor(Color.BLUE);
            plot.addPoints(toArray(x), toArray(l1), Plot.LINE);
            plot.setColor(Color.RED);
            plot.addPoints(toArray(x), toArray(d), Plot.LINE);
            plot.setColor(new Color(0, 140, 0));
            plot.addPoints(toArray(x), toArray(g), Plot.LINE);
            plot.setColor(Color.BLACK);
            plot.addLegend("L1 x10\nD\nG adversarial");
            ImagePlus img = plot.getImagePlus();
            if (plotImage == null || plotImage.getWindow() == null) {
                plotImage = img;
                plotImage.show();
            } else {
                plotImage.setProcessor(img.getProcessor());
            }
        }

        private static double[] toArray(List<Double> v) {
            double[] a = new double[v.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = v.get(i);
            }
            return a;
        }
    }
}
