package org.colorizer.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.model.TorchOps;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class GanStepTest {
    static final int SIZE = 32;

    static ModelConfig tinyModel() {
        return new ModelConfig().optSize(SIZE).optLevels(3).optFilters(8).optDropoutLayers(1)
                .optDiscriminatorFilters(8);
    }

    /** n synthetic colour images: L (N x 1) and ab (N x 2), smooth patterns in [-1, 1]. */
    static NDArray[] batch(NDManager m, int n, long seed) {
        Random r = new Random(seed);
        float[] l = new float[n * SIZE * SIZE];
        float[] ab = new float[n * 2 * SIZE * SIZE];
        for (int k = 0; k < n; k++) {
            double fx = 0.1 + 0.3 * r.nextDouble(), fy = 0.1 + 0.3 * r.nextDouble(), ph = 6 * r.nextDouble();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double lv = Math.sin(fx * x + ph) * Math.cos(fy * y);
                    int i = y * SIZE + x;
                    l[k * SIZE * SIZE + i] = (float) lv;
                    ab[(2 * k) * SIZE * SIZE + i] = (float) (0.6 * Math.tanh(2 * lv + 0.5 * Math.sin(0.2 * y)));
                    ab[(2 * k + 1) * SIZE * SIZE + i] = (float) (0.5 * Math.cos(0.15 * x + ph) * (lv > 0 ? 1 : -0.5));
                }
            }
        }
        return new NDArray[] {m.create(l, new Shape(n, 1, SIZE, SIZE)), m.create(ab, new Shape(n, 2, SIZE, SIZE))};
    }

    static Block[] networks(NDManager m, ModelConfig mc, int n, long seed) {
        Block g = Networks.generator(mc);
        Block d = Networks.discriminator(mc);
        Networks.initialize(g, m, new Shape(n, 1, SIZE, SIZE), seed);
        Networks.initialize(d, m, new Shape(n, 3, SIZE, SIZE), seed + 1);
        return new Block[] {g, d};
    }

    static List<int[]> bits(Block b) {
        List<int[]> list = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            int[] x = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                x[i] = Float.floatToRawIntBits(v[i]);
            }
            list.add(x);
        }
        return list;
    }

    static void assertSameBits(List<int[]> a, List<int[]> b, String what) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), what + " parameter " + i);
        }
    }

    static void copyWeights(Block from, Block to) {
        for (int i = 0; i < from.getParameters().size(); i++) {
            TorchOps.copyInto(from.getParameters().valueAt(i).getArray(), to.getParameters().valueAt(i).getArray());
        }
    }

    static void assertAllFinite(Block b) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            for (float f : p.getValue().getArray().toFloatArray()) {
                assertTrue(Float.isFinite(f), p.getKey());
            }
        }
    }

    @Test
    void generatorStepLeavesTheDiscriminatorBitForBit() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block[] net = networks(m, tinyModel(), 2, 1);
            TrainingConfig tc = new TrainingConfig().optModel(tinyModel());
            try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                NDArray[] b = batch(m, 2, 3);
                step.step(b[0], b[1], true); // D now has gradients and moved running statistics
                List<int[]> d0 = bits(net[1]);
                List<float[]> grads0 = new ArrayList<>();
                for (Parameter p : Networks.trainableParameters(net[1])) {
                    grads0.add(p.getArray().getGradient().toFloatArray());
                }
                List<int[]> g0 = bits(net[0]);
                StepLosses s = step.generatorStepOnly(b[0], b[1]);
                assertFalse(s.skipped);
                assertTrue(s.gGan > 0);
                assertSameBits(d0, bits(net[1]), "D (weights and running statistics)");
                List<Parameter> dp = Networks.trainableParameters(net[1]);
                for (int i = 0; i < dp.size(); i++) {
                    assertArrayEquals(grads0.get(i), dp.get(i).getArray().getGradient().toFloatArray(), 0f, "D gradient");
                }
                assertFalse(java.util.Arrays.equals(g0.get(0), bits(net[0]).get(0)), "G did move");
                // and the full step does update D
                step.step(b[0], b[1], true);
                assertFalse(java.util.Arrays.equals(d0.get(0), bits(net[1]).get(0)), "D moves in its own step");
            }
        }
    }

    @Test
    void discriminatorStepLeavesTheGeneratorBitForBitAndMovesTheDiscriminator() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block[] net = networks(m, tinyModel(), 2, 1);
            TrainingConfig tc = new TrainingConfig().optModel(tinyModel()).optEmaDecay(0.9f);
            try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                NDArray[] b = batch(m, 2, 3);
                step.step(b[0], b[1], true);
                List<int[]> g0 = bits(net[0]); // weights and BatchNorm running statistics
                List<int[]> e0 = bits(step.emaGenerator());
                List<int[]> d0 = bits(net[1]);
                StepLosses s = step.discriminatorStep(b[0], null, b[1]);
                assertFalse(s.skipped);
                assertTrue(s.d > 0 && Double.isFinite(s.l1) && s.l1 > 0, "D loss " + s.d + ", L1 " + s.l1);
                assertEquals(0, s.gGan);
                assertSameBits(g0, bits(net[0]), "G (weights and running statistics)");
                assertSameBits(e0, bits(step.emaGenerator()), "G's EMA copy");
                assertFalse(java.util.Arrays.equals(d0.get(0), bits(net[1]).get(0)), "D moved");
            }
        }
        assertThrows(org.colorizer.ColorizerException.class,
                () -> new TrainingConfig().optDiscriminatorWarmupSteps(-1).validate());
    }

    /** A generator (hint-aware, no dropout) and discriminator with the weights of {@code like}'s, or fresh. */
    static Block[] hintNetworks(NDManager m, ModelConfig mc, Block[] like) {
        Block g = Networks.generator(mc);
        Block d = Networks.discriminator(mc);
        Networks.initialize(g, m, new Shape(4, 4, SIZE, SIZE), 11);
        Networks.initialize(d, m, new Shape(4, 3, SIZE, SIZE), 12);
        if (like != null) {
            copyWeights(like[0], g);
            copyWeights(like[1], d);
        }
        return new Block[] {g, d};
    }

    @Test
    void keepAutomaticTeachesCropsWithoutHintsTheStartingModel() {
        ModelConfig mc = tinyModel().optHints(true).optDropoutLayers(0);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block[] start = hintNetworks(m, mc, null);
            NDArray[] b = batch(m, 4, 31);
            NDArray none = m.zeros(new Shape(4, 3, SIZE, SIZE));
            TrainingConfig base = new TrainingConfig().optModel(mc).optLearningRate(2e-3f).optSeed(3);
            float[] own0;
            try (GanStep s0 = new GanStep(start[0], start[1], base, m)) {
                own0 = s0.validate(b[0], none, false).toFloatArray();
            }
            // crops without hints: the kept run stays near the starting model's output, the plain run leaves it
            double[] distance = new double[2];
            double[] truthL1 = new double[2];
            for (int k = 0; k < 2; k++) {
                Block[] net = hintNetworks(m, mc, start);
                TrainingConfig tc = new TrainingConfig().optModel(mc).optLearningRate(2e-3f).optSeed(3)
                        .optKeepAutomatic(k == 0);
                try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                    int arrays = 0;
                    for (int i = 0; i < 60; i++) {
                        assertFalse(step.step(b[0], none, b[1], false).skipped);
                        if (i == 10) {
                            arrays = m.getManagedArrays().size();
                        }
                    }
                    assertEquals(arrays, m.getManagedArrays().size(), "nothing accumulates across steps");
                    NDArray out = step.validate(b[0], none, false);
                    distance[k] = out.sub(m.create(own0, out.getShape())).abs().mean().getFloat();
                    truthL1[k] = out.sub(b[1]).abs().mean().getFloat();
                }
            }
            double startL1 = m.create(own0, b[1].getShape()).sub(b[1]).abs().mean().getFloat();
            assertTrue(truthL1[1] < 0.5 * startL1, "the plain run learns the truth: " + startL1 + " -> " + truthL1[1]);
            assertTrue(distance[0] < 0.3 * distance[1], "from the starting model's colors: kept " + distance[0]
                    + ", plain " + distance[1]);
            // a step with the option = a plain step on the crops with their hints, then again without hints and
            // the starting model's output as their truth, bit for bit
            NDArray hinted = m.ones(new Shape(4, 3, SIZE, SIZE)).mul(0.05f); // every pixel hinted (mask 0.05 > 0)
            List<List<int[]>> after = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Block[] net = hintNetworks(m, mc, start);
                TrainingConfig tc = new TrainingConfig().optModel(mc).optSeed(3).optKeepAutomatic(k == 0);
                try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                    if (k == 0) {
                        step.step(b[0], hinted, b[1], false);
                    } else {
                        NDArray own = m.create(own0, b[1].getShape());
                        step.step(b[0].concat(b[0], 0), hinted.concat(none, 0), b[1].concat(own, 0), false);
                    }
                }
                after.add(bits(net[0]));
            }
            assertSameBits(after.get(0), after.get(1), "the doubled batch");
            // a resumed run keeps the teacher of the run that began, not the weights it resumes from
            Block[] net = hintNetworks(m, mc, start);
            TrainingConfig tc = base.optKeepAutomatic(true);
            List<int[]> teacherBits;
            NDList state;
            try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                for (int i = 0; i < 5; i++) {
                    step.step(b[0], none, b[1], false);
                }
                teacherBits = bits(step.teacher());
                assertSameBits(bits(start[0]), teacherBits, "teacher = the starting generator");
                state = step.optimizerState(m);
            }
            try (GanStep resumed = new GanStep(net[0], net[1], tc, m)) {
                assertFalse(java.util.Arrays.equals(teacherBits.get(0), bits(resumed.teacher()).get(0)));
                resumed.loadOptimizerState(state);
                assertSameBits(teacherBits, bits(resumed.teacher()), "teacher after resume");
            }
        }
        assertThrows(org.colorizer.ColorizerException.class,
                () -> new TrainingConfig().optModel(tinyModel()).optKeepAutomatic(true).validate());
    }

    @Test
    @Tag("training")
    void tinyGeneratorOverfitsFourImages() {
        ModelConfig mc = tinyModel().optDropoutLayers(0);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block[] net = networks(m, mc, 4, 5);
            TrainingConfig tc = new TrainingConfig().optModel(mc).optLearningRate(2e-3f).optSeed(5);
            NDArray[] b = batch(m, 4, 8);
            try (GanStep step = new GanStep(net[0], net[1], tc, m)) {
                double first = step.step(b[0], b[1], false).l1;
                double last = 0;
                int arrays = 0;
                for (int i = 1; i < 200; i++) {
                    StepLosses s = step.step(b[0], b[1], i >= 100);
                    assertFalse(s.skipped, "step " + i);
                    last = s.l1;
                    step.validate(b[0]).close();
                    if (i == 101) {
                        arrays = m.getManagedArrays().size();
                    }
                }
                assertEquals(arrays, m.getManagedArrays().size(), "nothing accumulates across steps");
                assertTrue(last <= 0.2 * first, "L1 " + first + " -> " + last);
                double eval = step.validate(b[0]).sub(b[1]).abs().mean().getFloat();
                assertTrue(eval <= 0.3 * first, "inference L1 " + first + " -> " + eval);
                assertEquals(200, step.getStepCount());
            }
        }
    }

    @Test
    void resumeFromExportedStateContinuesIdentically() {
        ModelConfig mc = tinyModel();
        for (TrainingConfig.GanLoss kind : TrainingConfig.GanLoss.values()) {
            TrainingConfig tc = new TrainingConfig().optModel(mc).optGan(kind).optSeed(17).optEmaDecay(0.9f)
                    .optRealLabel(0.9f);
            try (NDManager m = Engines.pytorch().newBaseManager()) {
                NDArray[][] batches = new NDArray[6][];
                for (int i = 0; i < batches.length; i++) {
                    batches[i] = batch(m, 2, 100 + i);
                }
                Block[] a = networks(m, mc, 2, 1);
                double[] uninterrupted = new double[9];
                NDList saved;
                Block[] snapshot = networks(m, mc, 2, 99);
                try (GanStep step = new GanStep(a[0], a[1], tc, m)) {
                    for (int i = 0; i < 3; i++) {
                        step.step(batches[i][0], batches[i][1], i > 0);
                    }
                    saved = step.optimizerState(m);
                    copyWeights(a[0], snapshot[0]);
                    copyWeights(a[1], snapshot[1]);
                    for (int i = 3; i < 6; i++) {
                        StepLosses s = step.step(batches[i][0], batches[i][1], true);
                        uninterrupted[3 * (i - 3)] = s.d;
                        uninterrupted[3 * (i - 3) + 1] = s.gGan;
                        uninterrupted[3 * (i - 3) + 2] = s.l1;
                    }
                }
                // a fresh GanStep over networks holding the checkpointed weights
                Block[] b = networks(m, mc, 2, 42);
                copyWeights(snapshot[0], b[0]);
                copyWeights(snapshot[1], b[1]);
                try (GanStep step = new GanStep(b[0], b[1], tc, m)) {
                    step.loadOptimizerState(saved);
                    assertEquals(3, step.getStepCount());
                    assertEquals(3, step.generatorOptimizer().getStepCount());
                    assertEquals(2, step.discriminatorOptimizer().getStepCount());
                    for (int i = 3; i < 6; i++) {
                        StepLosses s = step.step(batches[i][0], batches[i][1], true);
                        assertEquals(uninterrupted[3 * (i - 3)], s.d, 1e-5, kind + " D at " + i);
                        assertEquals(uninterrupted[3 * (i - 3) + 1], s.gGan, 1e-5, kind + " G at " + i);
                        assertEquals(uninterrupted[3 * (i - 3) + 2], s.l1, 1e-5, kind + " L1 at " + i);
                    }
                    assertSameBits(bits(a[0]), bits(b[0]), "G after resume");
                    assertSameBits(bits(a[1]), bits(b[1]), "D after resume");
                }
            }
        }
    }

    @Test
    void nonFiniteBatchIsSkippedAndWeightsStayFinite() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block[] net = networks(m, tinyModel(), 2, 3);
            try (GanStep step = new GanStep(net[0], net[1], new TrainingConfig().optModel(tinyModel()), m)) {
                NDArray[] good = batch(m, 2, 4);
                step.step(good[0], good[1], true);
                List<int[]> g0 = bits(net[0]);
                List<int[]> d0 = bits(net[1]);
                float[] ab = good[1].toFloatArray();
                ab[5] = Float.POSITIVE_INFINITY;
                StepLosses s = step.step(good[0], m.create(ab, good[1].getShape()), true);
                assertTrue(s.skipped && s.skippedG && s.skippedD, s.toString());
                float[] l = good[0].toFloatArray();
                l[17] = Float.NaN;
                s = step.step(m.create(l, good[0].getShape()), good[1], true);
                assertTrue(s.skippedG && s.skippedD, s.toString());
                // weights and BatchNorm running statistics as before the bad batches
                assertSameBits(g0, bits(net[0]), "G");
                assertSameBits(d0, bits(net[1]), "D");
                assertEquals(1, step.generatorOptimizer().getStepCount());
                assertEquals(3, step.getStepCount());
                assertFalse(step.step(good[0], good[1], true).skipped, "training goes on");
                assertAllFinite(net[0]);
                assertAllFinite(net[1]);
            }
        }
    }
}
