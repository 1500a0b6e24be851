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
import org.colorizer.hints.HintSpread;
import org.colorizer.interop.IoPreset;
import org.colorizer.interop.NetworkImport;
import org.colorizer.interop.NetworkLoader;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.HintInputs;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/**
 * {@code convert}: a model (or the generator of a checkpoint) as a model file with float16 or float32 weights;
 * given several files of one architecture, their weights' mean (for example of a run's last epochs).
 */
final class ConvertCommand implements Main.Command {
    @Override
    public String summary() {
        return "write a model (or a checkpoint's generator) as a model file, in float16 or float32";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar convert MODEL [MODEL2 ...] --out NEW.zip [--half]",
                "",
                "  MODEL: a model file or a built-in name (" + String.join(", ", BuiltinModels.names()) + ");",
                "  e.g. convert general --out general256.zip --half --working-size 256 (faster, a little duller)",
                "  several models of the same architecture: writes the mean of their weights",
                "  (the description is the first model's, without its validation metrics)",
                "  --out NEW.zip   the model file to write (never the input itself)",
                "  --half          store the weights in float16 (half the size); default float32",
                "  --name NAME     set the short name recorded in the model file",
                "  --working-size N  set the long side Colorize shows whole images at (0 = the training size)",
                "  --hint-spread S   set how Colorize spreads color hints after the network: 'off' or",
                "                  SPACE,RANGE,FADE,SHRINK[,CHROMA,LIKENESS[,GAIN,GAINSHRINK]] (see the rule)",
                "  --hint-spread-wide S  set the reach 'wide' (numbers as above)",
                "  --add-hints     give a model without hint inputs zero-weight ones: it takes hints and,",
                "                  without them, computes exactly the colors it did",
                "",
                "  --import FILE   a TorchScript (.pt) or ONNX (.onnx) colorization network, as a model file",
                "                  that works wherever a model file does (colorize, evaluate, Fiji, Spark)",
                "  --io PRESET     its input/output convention: " + String.join(", ", IoPreset.names()),
                "                  (l-ab: Zhang et al. 2016; l-hints-ab: Zhang et al. 2017; grayrgb-ab: DDColor;",
                "                  rgb-rgb: DeOldify; colorizer: this plugin's own, e.g. its ONNX export)",
                "  --io-size N     the square side S the network sees (default: the preset's, 256/256/512/560)",
                "  See docs/interop.md for the conventions.");
    }

    private static int importNetwork(Args a, PrintStream out) {
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("--import takes no MODEL; give the network file after --import");
        }
        if (!a.has("io")) {
            throw new Args.UsageException("--import needs --io PRESET, the network's convention: "
                    + String.join(", ", IoPreset.names()));
        }
        Path target = a.requiredPath("out");
        Path network = a.path("import");
        if (target.toAbsolutePath().normalize().equals(network.toAbsolutePath().normalize())) {
            throw new ColorizerException("out: " + target + " is the network file; write to another file");
        }
        ModelDescription d = NetworkImport.run(network, a.string("io", ""), a.integer("io-size", 0, 1),
                a.string("name", null), target);
        ModelDescription.ImportedNetwork n = d.network;
        out.println("wrote " + target + " (" + n.format + " network '" + d.name + "', convention " + n.io + ", size "
                + n.size + (NetworkLoader.preset(d).takesHints() ? ", color hints as inputs" : "") + ")");
        return 0;
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, 1, new HashSet<>(Arrays.asList("out", "name", "working-size", "hint-spread",
                "hint-spread-wide", "import", "io", "io-size")),
                new HashSet<>(Arrays.asList("half", "add-hints")));
        if (a.has("import")) {
            return importNetwork(a, out);
        }
        if (a.has("io") || a.has("io-size")) {
            throw new Args.UsageException("--io and --io-size go with --import NETWORK");
        }
        if (a.positional().isEmpty()) {
            throw new Args.UsageException("give a model file or built-in model name");
        }
        Path target = a.requiredPath("out");
        List<String> inputs = a.positional();
        for (String p : inputs) {
            boolean file = BuiltinModels.builtinName(p) == null;
            if (file && target.toAbsolutePath().normalize().equals(Paths.get(p).toAbsolutePath().normalize())) {
                throw new ColorizerException("out: " + target + " is an input; write to another file");
            }
        }
        boolean half = a.flag("half");
        HintSpread spread = a.has("hint-spread") ? HintSpread.parse(a.string("hint-spread", ""), "--hint-spread") : null;
        HintSpread wide = a.has("hint-spread-wide")
                ? HintSpread.parse(a.string("hint-spread-wide", ""), "--hint-spread-wide") : null;
        int workingSize = a.integer("working-size", -1, 0);
        if (workingSize > ModelDescription.MAX_WORKING_SIZE) {
            throw new Args.UsageException("--working-size must be at most " + ModelDescription.MAX_WORKING_SIZE
                    + ", not " + workingSize);
        }
        ModelFile.Contents c = null;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Map<String, NDArray> sum = new LinkedHashMap<>();
            List<String> sources = new ArrayList<>();
            for (String in : inputs) {
                String builtin = BuiltinModels.builtinName(in);
                ModelFile.Contents ci = BuiltinModels.readNamedOrFile(in);
                String what = builtin != null ? "built-in model '" + builtin + "'" : "Model file " + in;
                ci.requireBuiltinNetwork(what, "be converted or averaged");
                Map<String, WeightCodec.Tensor> tensors = WeightCodec.decode(ci.entry(ModelFile.GENERATOR_ENTRY, what), what);
                String label = builtin != null ? builtin + " (built-in" : Paths.get(in).getFileName() + " (" + ci.description.name;
                sources.add(label + ", epoch " + ci.description.epochs + ")");
                if (c == null) {
                    c = ci;
                } else if (!tensors.keySet().equals(sum.keySet())) {
                    throw new ColorizerException(what + " has other weights than " + inputs.get(0)
                            + "; only models of the same architecture can be averaged");
                }
                for (WeightCodec.Tensor t : tensors.values()) {
                    NDArray x = t.toArray(m);
                    NDArray acc = sum.get(t.name);
                    if (acc == null) {
                        sum.put(t.name, x);
                    } else if (!acc.getShape().equals(x.getShape())) {
                        throw new ColorizerException(what + ": " + t.name + " has shape " + x.getShape() + ", not "
                                + acc.getShape() + " as in " + inputs.get(0) + "; only models of the same "
                                + "architecture can be averaged");
                    } else {
                        acc.addi(x);
                        x.close();
                    }
                }
            }
            List<Pair<String, NDArray>> arrays = new ArrayList<>();
            for (Map.Entry<String, NDArray> e : sum.entrySet()) {
                NDArray mean = inputs.size() == 1 ? e.getValue() : e.getValue().divi(inputs.size());
                arrays.add(new Pair<>(e.getKey(), mean));
            }
            ModelDescription d = c.description;
            d.kind = "model";
            if (a.has("name")) {
                d.name = a.string("name", null);
            }
            if (workingSize >= 0) {
                d.workingSize = workingSize;
            }
            if (spread != null) {
                d.hintSpread = spread;
            }
            if (wide != null) {
                d.hintSpreadWide = wide;
            }
            if (inputs.size() > 1) {
                d.metrics.clear(); // the first model's validation figures do not describe the mean
                d.averageOf = sources;
            }
            d.weights.dtype = half ? "float16" : "float32";
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(arrays, half));
            if (!a.flag("add-hints")) {
                ModelFile.write(target, d, entries);
            } else if (inputs.size() > 1) {
                throw new Args.UsageException("--add-hints takes one model");
            } else {
                HintInputs.write(new ModelFile.Contents(d, entries), inputs.get(0), target);
            }
        }
        out.println("wrote " + target + " (" + (half ? "float16" : "float32")
                + (inputs.size() > 1 ? ", mean of " + inputs.size() + " models" : "") + ")");
        return 0;
    }
}
