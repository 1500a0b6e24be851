package org.colorizer.testutil;

import java.nio.file.Path;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.UntrainedModels;

/** Model files for tests: a freshly initialized (untrained, seeded) generator. */
public final class TestModels {
    private TestModels() {}

    public static ModelConfig tinyConfig() {
        return new ModelConfig().optSize(32).optLevels(3).optFilters(4).optDiscriminatorFilters(4);
    }

    public static Path untrained(Path file, ModelConfig cfg, long seed) throws Exception {
        return UntrainedModels.write(file, cfg, seed);
    }
}
