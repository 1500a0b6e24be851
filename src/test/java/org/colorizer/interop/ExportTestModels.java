package org.colorizer.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;
import org.colorizer.testutil.TestModels;

/**
 * Untrained models whose every parameter matters: convolution weights scaled to unit gain, and batch
 * normalization with random running statistics, scale and shift (an untrained file's statistics are 0 and 1,
 * which would hide a wrong treatment of them). Plus the reference forward pass, loaded and run as Colorize does.
 */
public final class ExportTestModels {
    private ExportTestModels() {}

    public static Path lively(Path file, ModelConfig cfg, long seed, boolean hints, boolean half) throws Exception {
        Path base = file.resolveSibling(file.getFileName() + ".base.zip");
        if (hints) {
            TestModels.hintAware(base, cfg, seed, 1f);
        } else {
            TestModels.untrained(base, cfg, seed);
        }
        ModelFile.Contents c = ModelFile.read(base);
        Map<String, WeightCodec.Tensor> tensors = WeightCodec.decode(c.entries.get(ModelFile.GENERATOR_ENTRY), "test");
        Random r = new Random(seed);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            List<Pair<String, NDArray>> arrays = new ArrayList<>();
            for (WeightCodec.Tensor t : tensors.values()) {
                float[] v = t.toArray(m).toFloatArray();
                String n = t.name;
                if (n.endsWith("runningMean")) {
                    fill(v, () -> (float) (0.3 * r.nextGaussian()));
                } else if (n.endsWith("runningVar")) {
                    fill(v, () -> 0.5f + 1.5f * r.nextFloat());
                } else if (n.endsWith("gamma")) {
                    fill(v, () -> (float) (1 + 0.3 * r.nextGaussian()));
                } else if (n.endsWith("beta") || n.endsWith("bias")) {
                    fill(v, () -> (float) (0.2 * r.nextGaussian()));
                } else if (t.shape.length == 4) {
                    double fanIn = t.shape[1] * t.shape[2] * t.shape[3];
                    double gain = Math.sqrt(2 / fanIn) / 0.02;
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= (float) gain;
                    }
                }
                arrays.add(new Pair<>(n, m.create(v, new Shape(t.shape))));
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(arrays, half));
            c.description.weights.dtype = half ? "float16" : "float32";
            c.description.name = "lively";
            ModelFile.write(file, c.description, entries);
        }
        return file;
    }

    private static void fill(float[] v, java.util.function.Supplier<Float> s) {
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get();
        }
    }

    /** The generator's output as Colorize computes it: loaded from the file, inference mode, no gradients. */
    public static float[] djlForward(ModelFile.Contents c, float[] input, int n, int ch, int h, int w) {
        ModelConfig cfg = c.description.model;
        return Engines.with(() -> {
            try (NDManager m = Engines.pytorch().newBaseManager()) {
                Block g = Networks.generator(cfg);
                Networks.initializeGenerator(g, cfg, m, 0);
                WeightCodec.load(g, WeightCodec.decode(c.entries.get(ModelFile.GENERATOR_ENTRY), "test"), m, "test");
                JniUtils.setGradMode(false);
                NDArray x = m.create(input, new Shape(n, ch, h, w));
                NDList out = g.forward(new ParameterStore(m, false), new NDList(x), false);
                return out.singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
            }
        });
    }
}
