package org.colorizer.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;
import java.util.SplittableRandom;
import org.colorizer.engine.Engines;
import org.colorizer.hints.HintSimulation;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A tiny hint-aware generator trained with simulated hints learns to spread a hint's color over the image, away
 * from the hinted pixels (the known failure modes: copying hints into their own patch only, and ignoring them).
 * The images are one flat color under a gray pattern: without a hint the color cannot be known.
 */
@Tag("training")
class HintLearningTest {
    static final int S = 32;

    /** L: a random smooth pattern; ab: one random color per image. */
    private static float[][] images(int n, Random r) {
        float[] l = new float[n * S * S];
        float[] ab = new float[2 * n * S * S];
        for (int k = 0; k < n; k++) {
            double fx = 0.1 + 0.3 * r.nextDouble();
            double fy = 0.1 + 0.3 * r.nextDouble();
            double ph = 6 * r.nextDouble();
            float a = (float) (r.nextDouble() - 0.5);
            float b = (float) (r.nextDouble() - 0.5);
            for (int i = 0; i < S * S; i++) {
                l[k * S * S + i] = (float) (0.6 * Math.sin(fx * (i % S) + ph) * Math.cos(fy * (i / S)));
                ab[2 * k * S * S + i] = a;
                ab[(2 * k + 1) * S * S + i] = b;
            }
        }
        return new float[][] {l, ab};
    }

    @Test
    void aTinyNetworkLearnsToSpreadHintColorsAwayFromTheHintedPixels() {
        ModelConfig mc = new ModelConfig().optSize(S).optLevels(5).optFilters(8).optDropoutLayers(0)
                .optDiscriminatorFilters(8).optHints(true);
        HintSimulation sim = new HintSimulation().optMaxPatch(5);
        int n = 8;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(mc);
            Block d = Networks.discriminator(mc);
            Networks.initializeGenerator(g, mc, m, 1);
            Networks.initialize(d, m, new Shape(1, 3, S, S), 2);
            TrainingConfig tc = new TrainingConfig().optModel(mc).optLearningRate(2e-3f).optSeed(3);
            Random r = new Random(5);
            try (GanStep step = new GanStep(g, d, tc, m)) {
                for (int it = 0; it < 1200; it++) {
                    float[][] im = images(n, r);
                    float[] hints = new float[3 * n * S * S];
                    for (int k = 0; k < n; k++) {
                        float[] a = java.util.Arrays.copyOfRange(im[1], 2 * k * S * S, (2 * k + 1) * S * S);
                        float[] b = java.util.Arrays.copyOfRange(im[1], (2 * k + 1) * S * S, (2 * k + 2) * S * S);
                        for (int i = 0; i < a.length; i++) {
                            a[i] *= 110f; // the simulation reads CIE units
                            b[i] *= 110f;
                        }
                        sim.simulate(a, b, S, new SplittableRandom(it * 100L + k), hints, 3 * k * S * S);
                    }
                    try (NDManager s = m.newSubManager()) {
                        step.step(s.create(im[0], new Shape(n, 1, S, S)), s.create(hints, new Shape(n, 3, S, S)),
                                s.create(im[1], new Shape(n, 2, S, S)), false);
                    }
                }
                // fresh images, one 3x3 hint each, somewhere
                int e = 16;
                float[][] im = images(e, new Random(99));
                float[] hints = new float[3 * e * S * S];
                boolean[] hinted = new boolean[e * S * S];
                Random pr = new Random(7);
                for (int k = 0; k < e; k++) {
                    int x0 = pr.nextInt(S - 3);
                    int y0 = pr.nextInt(S - 3);
                    for (int y = y0; y < y0 + 3; y++) {
                        for (int x = x0; x < x0 + 3; x++) {
                            int i = y * S + x;
                            hints[3 * k * S * S + i] = im[1][2 * k * S * S + i];
                            hints[(3 * k + 1) * S * S + i] = im[1][(2 * k + 1) * S * S + i];
                            hints[(3 * k + 2) * S * S + i] = 1f;
                            hinted[k * S * S + i] = true;
                        }
                    }
                }
                try (NDManager s = m.newSubManager()) {
                    NDArray l = s.create(im[0], new Shape(e, 1, S, S));
                    float[] with = step.validate(l, s.create(hints, new Shape(e, 3, S, S)), false).toFloatArray();
                    float[] without = step.validate(l, null, false).toFloatArray();
                    double errWith = 0;
                    double errWithout = 0;
                    double errGray = 0;
                    int count = 0;
                    for (int k = 0; k < e; k++) {
                        for (int i = 0; i < S * S; i++) {
                            if (hinted[k * S * S + i]) {
                                continue; // only pixels away from the hint
                            }
                            for (int c = 0; c < 2; c++) {
                                int j = (2 * k + c) * S * S + i;
                                errWith += Math.abs(with[j] - im[1][j]);
                                errWithout += Math.abs(without[j] - im[1][j]);
                                errGray += Math.abs(im[1][j]);
                                count++;
                            }
                        }
                    }
                    errWith /= count;
                    errWithout /= count;
                    errGray /= count;
                    String msg = String.format("L1 outside the hint: with %.4f, without %.4f, gray %.4f", errWith,
                            errWithout, errGray);
                    // measured here after 1,200 steps: 0.57 and 0.63 of these (a network that ignores hints or only
                    // copies them into their own pixels stays near 1)
                    assertTrue(errWith < 0.75 * errGray, msg);
                    assertTrue(errWith < 0.8 * errWithout, "the hint, not the pattern, gives the color: " + msg);
                }
            }
        }
    }
}
