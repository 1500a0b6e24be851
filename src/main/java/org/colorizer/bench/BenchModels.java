package org.colorizer.bench;

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

/** Untrained model files of a given shape, for timing (speed does not depend on the weights). */
final class BenchModels {
    private BenchModels() {}

    static void untrained(Path file, ModelConfig cfg) throws Exception {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(cfg);
            Networks.initialize(g, m, new Shape(1, 1, cfg.getSize(), cfg.getSize()), 1);
            ModelDescription d = new ModelDescription();
            d.model = cfg;
            d.name = "untrained (benchmark)";
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(g), false));
            ModelFile.write(file, d, e);
        }
    }
}
