package org.colorizer.modelfile;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;

/**
 * Model files with freshly initialized, untrained weights (seeded): for benchmarks, whose speed does not
 * depend on the weights, and for tests. Their description says "untrained" in its name.
 */
public final class UntrainedModels {
    private UntrainedModels() {}

    public static Path write(Path file, ModelConfig cfg, long seed) throws IOException {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(cfg);
            Networks.initializeGenerator(g, cfg, m, seed);
            ModelDescription d = new ModelDescription();
            d.model = cfg;
            d.name = "untrained";
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(g), false));
            d.weights.parameters = Networks.parameterCount(g);
            d.weights.tensors = g.getParameters().size();
            ModelFile.write(file, d, e);
            return file;
        }
    }
}
