package org.colorizer.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.colorizer.engine.Engines;
import org.junit.jupiter.api.Test;

class NetworksTest {

    /** Parameters of one reference UnetSkipConnectionBlock (BatchNorm, so use_bias=False except the outermost up). */
    private static long unetBlock(long outer, long inner, long input, String kind) {
        long down = input * inner * 16;
        switch (kind) {
            case "outermost":
                return down + inner * 2 * outer * 16 + outer;
            case "innermost":
                return down + inner * outer * 16 + 2 * outer;
            default:
                return down + 2 * inner + inner * 2 * outer * 16 + 2 * outer;
        }
    }

    @Test
    void paperGeneratorHasReferenceParameterCount() {
        // UnetGenerator(input_nc=1, output_nc=2, num_downs=8, ngf=64), the reference's construction order
        long ngf = 64;
        long want = unetBlock(ngf * 8, ngf * 8, ngf * 8, "innermost");
        for (int i = 0; i < 8 - 5; i++) {
            want += unetBlock(ngf * 8, ngf * 8, ngf * 8, "middle");
        }
        want += unetBlock(ngf * 4, ngf * 8, ngf * 4, "middle");
        want += unetBlock(ngf * 2, ngf * 4, ngf * 2, "middle");
        want += unetBlock(ngf, ngf * 2, ngf, "middle");
        want += unetBlock(2, ngf, 1, "outermost");
        Block g = Networks.generator(new ModelConfig().optSize(256).optLevels(8).optFilters(64));
        assertEquals(want, Networks.parameterCount(g));
        assertEquals(54_409_858L, want, "PyTorch 1.13: sum(p.numel()) of UnetGenerator(1, 2, 8, 64)");

        // NLayerDiscriminator(input_nc=3, ndf=64, n_layers=3)
        long d = 3 * 64 * 16 + 64 + 64 * 128 * 16 + 2 * 128 + 128 * 256 * 16 + 2 * 256 + 256 * 512 * 16 + 2 * 512
                + 512 * 16 + 1;
        assertEquals(d, Networks.parameterCount(Networks.discriminator(new ModelConfig())));
    }

    @Test
    void outputShapesForSeveralConfigurations() {
        int[][] configs = {{2, 4, 16}, {3, 8, 32}, {5, 4, 64}, {6, 2, 64}};
        try (NDManager m = Engines.pytorch().newBaseManager();
                TorchOps.GradMode off = TorchOps.gradMode(false)) {
            for (int[] c : configs) {
                for (ModelConfig.Upsampling up : ModelConfig.Upsampling.values()) {
                    int size = c[2];
                    ModelConfig mc = new ModelConfig().optLevels(c[0]).optFilters(c[1]).optSize(size)
                            .optUpsampling(up).optDiscriminatorFilters(4).optDropoutLayers(Math.min(3, c[0]));
                    Block g = Networks.generator(mc);
                    Shape in = new Shape(2, 1, size, size * 2);
                    Networks.initialize(g, m, in, 3);
                    NDArray y = g.forward(new ParameterStore(m, false), new NDList(m.zeros(in)), false)
                            .singletonOrThrow();
                    assertEquals(new Shape(2, 2, size, size * 2), y.getShape(), mc.toString());
                    assertEquals(y.getShape(), g.getOutputShapes(new Shape[] {in})[0]);
                    float[] v = y.toFloatArray();
                    for (float f : v) {
                        assertTrue(f >= -1 && f <= 1, "tanh range");
                    }
                    if (size < 32) {
                        continue; // the 70x70 PatchGAN needs at least 32 px
                    }
                    Block d = Networks.discriminator(mc);
                    Shape din = new Shape(2, 3, size, size);
                    Networks.initialize(d, m, din, 4);
                    NDArray logits = d.forward(new ParameterStore(m, false), new NDList(m.zeros(din)), false)
                            .singletonOrThrow();
                    long p = size / 8 - 2; // three stride-2 convs, then two 4x4 stride-1 convs with padding 1
                    assertEquals(new Shape(2, 1, p, p), logits.getShape(), mc.toString());
                }
            }
            Block g = Networks.generator(new ModelConfig().optLevels(3).optFilters(2));
            Networks.initialize(g, m, new Shape(1, 1, 8, 8), 1);
            assertThrows(IllegalArgumentException.class, () -> g.forward(new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(1, 1, 12, 8))), false));
        }
    }

    @Test
    void patchGanOn256HasThe30x30Map() {
        Block d = Networks.discriminator(new ModelConfig());
        assertEquals(new Shape(1, 1, 30, 30), d.getOutputShapes(new Shape[] {new Shape(1, 3, 256, 256)})[0]);
    }

    @Test
    void initializationIsSeededAndFollowsPix2pix() {
        ModelConfig mc = new ModelConfig().optLevels(4).optFilters(16).optSize(32);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block a = Networks.generator(mc);
            Block b = Networks.generator(mc);
            Block c = Networks.generator(mc);
            Shape in = new Shape(1, 1, 32, 32);
            Networks.initialize(a, m, in, 11);
            Networks.initialize(b, m, in, 11);
            Networks.initialize(c, m, in, 12);
            boolean differs = false;
            for (int i = 0; i < a.getParameters().size(); i++) {
                Pair<String, Parameter> pa = a.getParameters().get(i);
                float[] va = pa.getValue().getArray().toFloatArray();
                assertArrayEquals(va, b.getParameters().get(i).getValue().getArray().toFloatArray(), 0f);
                differs |= !java.util.Arrays.equals(va, c.getParameters().get(i).getValue().getArray().toFloatArray());
                double mean = 0;
                for (float f : va) {
                    mean += f;
                }
                mean /= va.length;
                switch (pa.getValue().getType()) {
                    case WEIGHT:
                        assertEquals(0, mean, 0.01, pa.getKey());
                        assertTrue(pa.getValue().requiresGradient());
                        break;
                    case GAMMA:
                        assertEquals(1, mean, 0.02, pa.getKey());
                        break;
                    case RUNNING_VAR:
                        assertEquals(1, mean, 0, pa.getKey());
                        assertFalse(pa.getValue().requiresGradient());
                        break;
                    default:
                        assertEquals(0, mean, 0, pa.getKey());
                }
            }
            assertTrue(differs, "another seed gives other weights");
        }
    }

    @Test
    void batchNormKeepStatsLeavesRunningStatisticsAlone() {
        try (NDManager m = Engines.pytorch().newBaseManager();
                TorchOps.GradMode off = TorchOps.gradMode(false)) {
            BatchNorm bn = new BatchNorm(3);
            Networks.initialize(bn, m, new Shape(2, 3, 4, 4), 1);
            NDArray x = m.randomNormal(new Shape(2, 3, 4, 4)).add(m.full(new Shape(), 5f));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray mean = bn.getParameters().get("runningMean").getArray();
            NDArray y = bn.forward(ps, new NDList(x), true, ForwardOptions.of(null, true)).singletonOrThrow();
            assertArrayEquals(new float[3], mean.toFloatArray(), 0f);
            // batch statistics are used all the same: per-channel mean ~ 0
            assertEquals(0, channelMeans(y).abs().max().getFloat(), 1e-5);
            bn.forward(ps, new NDList(x), true, null);
            float[] updated = mean.toFloatArray();
            float[] batchMean = channelMeans(x).toFloatArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(0.1f * batchMean[c], updated[c], 1e-5f);
            }
        }
    }

    private static NDArray channelMeans(NDArray x) {
        return x.transpose(1, 0, 2, 3).reshape(x.getShape().get(1), -1).mean(new int[] {1});
    }

    @Test
    void seededDropoutIsReproducibleAndOnlyInTraining() {
        ModelConfig mc = new ModelConfig().optLevels(4).optFilters(4).optSize(16).optDropoutLayers(2);
        try (NDManager m = Engines.pytorch().newBaseManager();
                TorchOps.GradMode off = TorchOps.gradMode(false)) {
            Block g = Networks.generator(mc);
            Shape in = new Shape(2, 1, 16, 16);
            Networks.initialize(g, m, in, 5);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, in);
            float[] a = g.forward(ps, new NDList(x), true, ForwardOptions.of(9L, true)).singletonOrThrow().toFloatArray();
            float[] b = g.forward(ps, new NDList(x), true, ForwardOptions.of(9L, true)).singletonOrThrow().toFloatArray();
            float[] c = g.forward(ps, new NDList(x), true, ForwardOptions.of(10L, true)).singletonOrThrow().toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertFalse(java.util.Arrays.equals(a, c), "another seed, other masks");
            float[] e1 = g.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] e2 = g.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(e1, e2, 0f);
        }
    }
}
