package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.WindowManager;
import ij.gui.Plot;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.colorizer.training.TrainingListener;
import org.junit.jupiter.api.Test;

/** The monitor's plot and preview zoom without a display (the windows: {@link TrainingMonitorDisplayTest}). */
class TrainingMonitorTest {

    @Test
    void withoutADisplayTheMonitorPlotsNothingAndTouchesNoWindow() {
        // the tests run headless: a monitor that plotted would fail here (a plot window cannot open)
        assumeTrue(GraphicsEnvironment.isHeadless(), "this checks the headless monitor");
        int images = WindowManager.getImageCount();
        TrainingMonitor m = TrainingMonitor.create("x");
        TrainingListener.Progress p = new TrainingListener.Progress();
        p.stepsPerEpoch = 1; // every step would be plotted
        p.step = 1;
        p.phase = "gan";
        p.lossL1 = 0.1;
        p.lossD = 0.6;
        p.lossGan = 0.8;
        TrainingListener.EpochReport r = new TrainingListener.EpochReport();
        r.epoch = 1;
        r.step = 1;
        r.valL1 = 0.09; // an epoch with a validation loss is always plotted
        assertDoesNotThrow(() -> {
            m.step(p);
            m.epoch(r);
        });
        assertEquals(images, WindowManager.getImageCount(), "no plot or preview image was opened");
    }

    @Test
    void plotRangeCoversTheAdversarialCurvesFarBelowL1() {
        List<Double> x = new ArrayList<>();
        List<Double> l1 = new ArrayList<>();
        List<Double> xGan = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        List<Double> g = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            x.add((double) i * 10);
            l1.add(5.0 - i * 0.04); // L1 x10 from 5 down to 3
            if (i > 20) {
                xGan.add((double) i * 10);
                d.add(0.75 + (i % 10) * 0.009);
                g.add(0.84 - (i % 10) * 0.009);
            }
        }
        Plot plot = TrainingMonitor.buildPlot("m", x, l1, Arrays.asList(250.0, 500.0), Arrays.asList(4.1, 3.2),
                xGan, d, g, 200);
        plot.getProcessor();
        double[] lim = plot.getLimits();
        assertTrue(lim[2] <= 0.75 && lim[3] >= 5.0, Arrays.toString(lim));
        assertTrue(lim[0] <= 10 && lim[1] >= 500, Arrays.toString(lim));
        String[] names = plot.getDataObjectDesignations();
        assertEquals(4, names.length, Arrays.toString(names));
        assertTrue(names[2].contains("D (discriminator)") && names[3].contains("G adversarial"),
                Arrays.toString(names));
    }

    @Test
    void l1OnlyPhasePlotsNoAdversarialZeros() {
        Plot plot = TrainingMonitor.buildPlot("m", Arrays.asList(10.0, 20.0), Arrays.asList(1.6, 1.4),
                Collections.emptyList(), Collections.emptyList(), Collections.emptyList(), Collections.emptyList(),
                Collections.emptyList(), Double.NaN);
        plot.getProcessor();
        assertEquals(1, plot.getDataObjectDesignations().length);
        assertTrue(plot.getLimits()[2] > 1.0, Arrays.toString(plot.getLimits()));
    }

    @Test
    void previewZoomEnlargesSmallMontagesAndFitsLargeOnes() {
        // the 200x64 montage: 3x (600 px wide) where there is room
        assertEquals(3.0, TrainingMonitor.magnification(200, 64, 1200, 1000), 1e-9);
        // Fiji's defaults, 392x524: 1.5x
        assertEquals(1.5, TrainingMonitor.magnification(392, 524, 1200, 1000), 1e-9);
        // large enough: 100%
        assertEquals(1.0, TrainingMonitor.magnification(776, 1036, 1200, 1200), 1e-9);
        // too tall for the free screen: ImageJ's next step down that fits
        assertEquals(0.75, TrainingMonitor.magnification(776, 1036, 1200, 950), 1e-9);
        // little room: the largest step that fits
        assertEquals(1.5, TrainingMonitor.magnification(200, 64, 300, 1000), 1e-9);
    }
}
