package org.colorizer.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/** {@code convert}: a model (or the generator of a checkpoint) as a model file with float16 or float32 weights. */
final class ConvertCommand implements Main.Command {
    @Override
    public String summary() {
        return "write a model (or a checkpoint's generator) as a model file, in float16 or float32";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar convert MODEL.zip --out NEW.zip [--half]",
                "",
                "  --out NEW.zip   the model file to write (never the input itself)",
                "  --half          store the weights in float16 (half the size); default float32",
                "  --name NAME     set the short name recorded in the model file");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, 1, new HashSet<>(Arrays.asList("out", "name")), new HashSet<>(Arrays.asList("half")));
        if (a.positional().size() != 1) {
            throw new Args.UsageException("give exactly one model file");
        }
        Path in = Paths.get(a.positional().get(0));
        Path target = a.requiredPath("out");
        if (target.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
            throw new ColorizerException("out: " + target + " is the input; write to another file");
        }
        ModelFile.Contents c = ModelFile.read(in);
        String what = "Model file " + in;
        Map<String, WeightCodec.Tensor> tensors = WeightCodec.decode(c.entry(ModelFile.GENERATOR_ENTRY, what), what);
        boolean half = a.flag("half");
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            List<Pair<String, NDArray>> arrays = new ArrayList<>();
            for (WeightCodec.Tensor t : tensors.values()) {
                arrays.add(new Pair<>(t.name, t.toArray(m)));
            }
            ModelDescription d = c.description;
            d.kind = "model";
            if (a.has("name")) {
                d.name = a.string("name", null);
            }
            d.weights.dtype = half ? "float16" : "float32";
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(arrays, half));
            ModelFile.write(target, d, entries);
        }
        out.println("wrote " + target + " (" + (half ? "float16" : "float32") + ")");
        return 0;
    }
}
