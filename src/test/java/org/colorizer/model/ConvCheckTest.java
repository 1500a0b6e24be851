package org.colorizer.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Random;
import org.colorizer.engine.Engines;
import org.colorizer.training.GanStep;
import org.colorizer.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The project's convolution gives the right output and gradients at the shapes where libtorch 2.7.1 was measured
 * wrong on an AVX-512 CPU (and at ordinary ones), on whatever CPU runs the test: compared with a direct
 * computation, not with libtorch.
 */
class ConvCheckTest {

    // n, cin, h, w, cout, k, stride, padding
    private static final int[][] SHAPES = {
        {4, 64, 3, 3, 1, 4, 1, 1},   // PatchGAN's last layer (one output channel, stride 1)
        {2, 32, 7, 7, 1, 4, 1, 1},
        {4, 16, 16, 16, 8, 2, 1, 1}, // phase convolution of the generator's last transposed convolution
        {1, 3, 4, 4, 5, 4, 2, 1},    // few input channels, small maps, stride 2
        {2, 3, 9, 7, 5, 4, 2, 1},
        {8, 4, 8, 8, 16, 4, 2, 1},
        {4, 1, 32, 32, 8, 4, 2, 1},  // generator's first layer
        {2, 24, 8, 8, 48, 4, 2, 1},  // an ordinary inner layer
    };

    @Test
    void convolutionWithGradientsEqualsDirectComputationAtRiskyShapes() {
        try (NDManager m = Engines.pytorch().newBaseManager();
                TorchOps.GradMode on = TorchOps.gradMode(true)) {
            for (int[] c : SHAPES) {
                Random r = new Random(c[1] * 7L + c[4] * 13L + c[2]);
                int ho = (c[2] + 2 * c[7] - c[5]) / c[6] + 1;
                int wo = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
                float[] xv = ConvCheck.random(r, c[0] * c[1] * c[2] * c[3]);
                float[] wv = ConvCheck.random(r, c[4] * c[1] * c[5] * c[5]);
                float[] gv = ConvCheck.random(r, c[0] * c[4] * ho * wo);
                double[][] want = ConvCheck.direct(c, xv, wv, gv, ho, wo);
                NDArray x = m.create(xv, new Shape(c[0], c[1], c[2], c[3])).duplicate();
                NDArray w = m.create(wv, new Shape(c[4], c[1], c[5], c[5])).duplicate();
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                NDArray y = Conv.conv(x, w, null, c[6], c[7]);
                NDArray g = m.create(gv, y.getShape()).duplicate();
                JniUtils.backward(TorchOps.pt(y.mul(g).sum()), TorchOps.pt(m.ones(new Shape())), false, false);
                String at = java.util.Arrays.toString(c);
                assertEquals(0, ConvCheck.relativeError(y.toFloatArray(), want[0]), 1e-4, "output " + at);
                assertEquals(0, ConvCheck.relativeError(x.getGradient().toFloatArray(), want[1]), 1e-4,
                        "input gradient " + at);
                assertEquals(0, ConvCheck.relativeError(w.getGradient().toFloatArray(), want[2]), 1e-4,
                        "weight gradient " + at);
            }
        }
        ConvCheck.Report r = ConvCheck.report();
        assertNotEquals(ConvCheck.Status.FAILED, r.status(), r.summary());
        for (ConvCheck.Verdict v : r.verdicts) {
            assertEquals(v.forwardError <= ConvCheck.TOLERANCE && v.inputGradError <= ConvCheck.TOLERANCE
                    && v.weightGradError <= ConvCheck.TOLERANCE, v.right, v.toString());
        }
        assertTrue(r.summary().startsWith("convolution check: " + r.status().key()), r.summary());
    }

    @Test
    void startUpCheckCoversEveryConvolutionShapeOfATrainingStep() {
        ModelConfig mc = new ModelConfig().optSize(32).optLevels(3).optFilters(8).optDiscriminatorFilters(8)
                .optDiscriminatorLayers(2);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            ai.djl.nn.Block g = Networks.generator(mc);
            ai.djl.nn.Block d = Networks.discriminator(mc);
            Networks.initialize(g, m, new Shape(1, 1, 32, 32), 1);
            Networks.initialize(d, m, new Shape(1, 3, 32, 32), 2);
            try (GanStep step = new GanStep(g, d, new TrainingConfig().optModel(mc), m)) {
                ConvCheck.Report r = step.checkConvolutions(3, 32);
                // batch 3 at 32 px: the generator's first layer, its last (phase) convolution, the critic's last
                assertTrue(has(r, 3, 1, 32, 32, 8, 4, 2), r.verdicts.toString());
                assertTrue(has(r, 3, 16, 16, 16, 8, 2, 1), r.verdicts.toString());
                assertTrue(has(r, 3, 32, 7, 7, 1, 4, 1), r.verdicts.toString());
            }
        }
    }

    @Test
    void turnedOffItSaysOffAndLibtorchRunsUnchecked() {
        String before = System.getProperty("colorizer.convCheck");
        System.setProperty("colorizer.convCheck", "false");
        try {
            ConvCheck.Report r = ConvCheck.report();
            assertEquals(ConvCheck.Status.OFF, r.status());
            assertTrue(r.summary().startsWith("convolution check: off"), r.summary());
            assertFalse(ConvCheck.enabled());
        } finally {
            if (before == null) {
                System.clearProperty("colorizer.convCheck");
            } else {
                System.setProperty("colorizer.convCheck", before);
            }
        }
        assertNotEquals(ConvCheck.Status.OFF, ConvCheck.report().status());
    }

    private static boolean has(ConvCheck.Report r, long n, long cin, long h, long w, long cout, long k, int stride) {
        for (ConvCheck.Verdict v : r.verdicts) {
            ConvCheck.Signature s = v.signature;
            if (s.n == n && s.cin == cin && s.h == h && s.w == w && s.cout == cout && s.k == k && s.stride == stride) {
                return true;
            }
        }
        return false;
    }
}
