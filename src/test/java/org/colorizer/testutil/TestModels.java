package org.colorizer.testutil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.HintInputs;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.UntrainedModels;
import org.colorizer.modelfile.WeightCodec;

/** Model files for tests: a freshly initialized (untrained, seeded) generator. */
public final class TestModels {
    private TestModels() {}

    public static ModelConfig tinyConfig() {
        return new ModelConfig().optSize(32).optLevels(3).optFilters(4).optDiscriminatorFilters(4);
    }

    public static Path untrained(Path file, ModelConfig cfg, long seed) throws Exception {
        return UntrainedModels.write(file, cfg, seed);
    }

    /**
     * An untrained hint-aware model whose hints really change its colors: the hint-aware copy of an untrained
     * model ({@link HintInputs}, zero hint weights), then the first convolution's hint-channel weights set to
     * seeded random values {@code gain} times as large as its L weights (about). Written to {@code file}.
     */
    public static Path hintAware(Path file, ModelConfig cfg, long seed, float gain) throws Exception {
        Path plain = file.resolveSibling(file.getFileName() + ".plain.zip");
        untrained(plain, cfg, seed);
        Path widened = file.resolveSibling(file.getFileName() + ".zero.zip");
        HintInputs.write(ModelFile.read(plain), "untrained", widened);
        ModelFile.Contents c = ModelFile.read(widened);
        Map<String, WeightCodec.Tensor> tensors = WeightCodec.decode(c.entries.get(ModelFile.GENERATOR_ENTRY), "test");
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            List<Pair<String, NDArray>> arrays = new ArrayList<>();
            boolean first = true;
            for (WeightCodec.Tensor t : tensors.values()) {
                NDArray a = t.toArray(m);
                if (first) {
                    // [filters, 1 + hint channels, k, k]: channel 0 is L, the rest are hints (a*, b*, mask)
                    long[] s = t.shape;
                    float[] w = a.toFloatArray();
                    int k = (int) (s[2] * s[3]);
                    int ch = (int) s[1];
                    double sum = 0;
                    for (int f = 0; f < s[0]; f++) {
                        for (int i = 0; i < k; i++) {
                            sum += Math.abs(w[(f * ch) * k + i]);
                        }
                    }
                    float scale = (float) (gain * sum / (s[0] * k));
                    Random r = new Random(seed);
                    for (int f = 0; f < s[0]; f++) {
                        for (int cc = 1; cc < ch; cc++) {
                            for (int i = 0; i < k; i++) {
                                w[(f * ch + cc) * k + i] = scale * (float) r.nextGaussian();
                            }
                        }
                    }
                    a = m.create(w, a.getShape());
                    first = false;
                }
                arrays.add(new Pair<>(t.name, a));
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(arrays,
                    "float16".equalsIgnoreCase(String.valueOf(c.description.weights.dtype))));
            ModelFile.write(file, c.description, entries);
        }
        return file;
    }
}
