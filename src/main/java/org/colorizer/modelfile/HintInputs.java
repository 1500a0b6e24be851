package org.colorizer.modelfile;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;

/**
 * Turns a model without hint inputs into a hint-aware one that computes exactly the same colors as long as it is
 * given no hints (the hint inputs' weights are zero): the starting point of fine-tuning with hints
 * ({@code train --init MODEL --hints} does the same in memory).
 */
public final class HintInputs {
    private HintInputs() {}

    /** Writes {@code model} with zero-weight hint inputs to {@code out}; {@code what} names the model. */
    public static void write(ModelFile.Contents model, String what, Path out) throws IOException {
        model.requireBuiltinNetwork(what, "be given hint inputs (--add-hints)");
        ModelConfig from = model.description.model;
        if (from.takesHints()) {
            throw new ColorizerException(what + " takes color hints already");
        }
        String json = ModelFile.gson().toJson(model.description);
        ModelDescription d = ModelFile.gson().fromJson(json, ModelDescription.class); // a deep copy
        d.model.optHints(true);
        if (d.training != null) {
            d.training.getModel().optHints(true);
        }
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g1 = Networks.generator(from);
            Networks.initializeGenerator(g1, from, m, 0);
            WeightCodec.load(g1, WeightCodec.decode(model.entries.get(ModelFile.GENERATOR_ENTRY), what), m, what);
            Block g4 = Networks.generator(d.model);
            Networks.initializeGenerator(g4, d.model, m, 0);
            Networks.copyWidening(g1, g4);
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(g4),
                    "float16".equalsIgnoreCase(String.valueOf(d.weights.dtype))));
            d.weights.parameters = Networks.parameterCount(g4);
            d.weights.tensors = g4.getParameters().size();
            ModelFile.write(out, d, e);
        }
    }
}
