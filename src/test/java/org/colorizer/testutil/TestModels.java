package org.colorizer.testutil;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/** Model files for tests: a freshly initialized (untrained, seeded) generator. */
public final class TestModels {
    private TestModels() {}

    public static ModelConfig tinyConfig() {
        return new ModelConfig().optSize(32).optLevels(3).optFilters(4).optDiscriminatorFilters(4);
    }

    public static Path untrained(Path file, ModelConfig cfg, long seed) throws Exception {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(cfg);
            Networks.initialize(g, m, new Shape(1, 1, cfg.getSize(), cfg.getSize()), seed);
            ModelDescription d = new ModelDescription();
            d.model = cfg;
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(g), false));
            ModelFile.write(file, d, e);
            return file;
        }
    }
}
