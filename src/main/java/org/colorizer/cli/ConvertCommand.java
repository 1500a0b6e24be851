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
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.hints.HintSpread;
import org.colorizer.hints.Reach;
import org.colorizer.interop.BioimageioExport;
import org.colorizer.interop.IoPreset;
import org.colorizer.interop.NetworkImport;
import org.colorizer.interop.NetworkLoader;
import org.colorizer.interop.OnnxExport;
import org.colorizer.interop.OnnxRuntimeRun;
import org.colorizer.io.AtomicFiles;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.HintInputs;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/**
 * {@code convert}: a model (or the generator of a checkpoint) as a model file with float16 or float32 weights;
 * given several files of one architecture, their weights' mean (for example of a run's last epochs); and either of
 * these as an ONNX network or a bioimage.io model package.
 */
final class ConvertCommand implements Main.Command {
    @Override
    public String summary() {
        return "write a model (or a checkpoint's generator) as a model file, ONNX network or bioimage.io package";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar convert MODEL [MODEL2 ...] --out NEW.zip [--half]",
                "       java -jar colorizer.jar convert MODEL [...] --export-onnx NET.onnx",
                "       java -jar colorizer.jar convert MODEL [...] --export-bioimageio DIR|PACKAGE.zip",
                "       java -jar colorizer.jar convert --import NETWORK.pt|NETWORK.onnx --io PRESET [--io-size N]",
                "            [--name NAME] --out MODEL.zip",
                "",
                "  MODEL: a model file or a built-in name (" + String.join(", ", BuiltinModels.names()) + ");",
                "  e.g. convert general --out general256.zip --half --working-size 256 (faster, a little duller)",
                "  several models of the same architecture: writes the mean of their weights",
                "  (the description is the first model's, without its validation metrics)",
                "  --out NEW.zip   the model file to write (never the input itself)",
                "  --half          store the weights in float16 (half the size); default float32",
                "  --name NAME     set the short name recorded in the model file",
                "  --working-size N  set the long side Colorize shows whole images at (0 = the training size)",
                "  --reach S       set the reach 'default' (how far color hints reach after the network):",
                "                  off or settings (any of the keys in brackets; see " + Reach.DOCS + "):",
                "                  " + Reach.GRAMMAR,
                "  --reach-wide S  set the reach 'wide' (settings as for --reach)",
                "  --add-hints     give a model without hint inputs zero-weight ones: it takes hints and,",
                "                  without them, computes exactly the colors it did",
                "  --export-onnx NET.onnx  also (or instead of --out) write the generator as ONNX (opset "
                        + OnnxExport.OPSET + "):",
                "                  input 'input' N x C x H x W (L*/50-1, then the hint planes of hint-aware",
                "                  models), output 'ab' N x 2 x H x W (a*/110, b*/110), H and W multiples of",
                "                  2^levels; checked with ONNX Runtime against this plugin's network before it",
                "                  is written (see docs/export.md)",
                "  --export-bioimageio DIR|FILE.zip  also write a bioimage.io model package (format "
                        + BioimageioExport.FORMAT_VERSION + ",",
                "                  ONNX weights, lightness input only) to a new folder, or a zip",
                "  --sample IMAGE  the image for the package's test tensors and cover (default: a synthetic one)",
                "  --license ID    the package's SPDX license (default CC-BY-NC-4.0, for 'he' CC-BY-NC-SA-4.0:",
                "                  the training data's terms; see MODEL.md)",
                "  --url URL       the project page the package cites (bioimage.io wants a URL or DOI per citation)",
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
        Args a = new Args(argv, 1, new HashSet<>(Arrays.asList("out", "name", "working-size", "reach",
                "reach-wide", "hint-spread", "hint-spread-wide", "export-onnx", "export-bioimageio", "sample",
                "license", "url", "import", "io", "io-size")),
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
        Path onnxTarget = a.path("export-onnx");
        Path packageTarget = a.path("export-bioimageio");
        Path target = onnxTarget == null && packageTarget == null ? a.requiredPath("out") : a.path("out");
        List<String> inputs = a.positional();
        Map<Path, String> options = new LinkedHashMap<>();
        for (String option : new String[] {"out", "export-onnx", "export-bioimageio"}) {
            Path p = a.path(option);
            if (p != null) {
                Path n = p.toAbsolutePath().normalize();
                if (options.containsKey(n)) {
                    throw new Args.UsageException("--" + option + " and --" + options.get(n) + " name the same file");
                }
                options.put(n, option);
            }
        }
        for (String p : inputs) {
            boolean file = BuiltinModels.builtinName(p) == null;
            Path in = Paths.get(p).toAbsolutePath().normalize();
            if (file && options.containsKey(in)) {
                throw new ColorizerException(options.get(in) + ": " + p + " is an input; write to another file");
            }
        }
        if (a.flag("add-hints") && (onnxTarget != null || packageTarget != null)) {
            throw new Args.UsageException("--add-hints writes a model file only; write it with --out, then export "
                    + "that file");
        }
        if (packageTarget == null && (a.has("sample") || a.has("license") || a.has("url"))) {
            throw new Args.UsageException("--sample, --license and --url go with --export-bioimageio");
        }
        boolean half = a.flag("half");
        HintSpread spread = reach(a, "reach", "hint-spread");
        HintSpread wide = reach(a, "reach-wide", "hint-spread-wide");
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
            d.weights.sha256 = ModelFile.sha256(entries.get(ModelFile.GENERATOR_ENTRY));
            if (target == null) {
                // exports only
            } else if (!a.flag("add-hints")) {
                ModelFile.write(target, d, entries);
            } else if (inputs.size() > 1) {
                throw new Args.UsageException("--add-hints takes one model");
            } else {
                HintInputs.write(new ModelFile.Contents(d, entries), inputs.get(0), target);
            }
            if (target != null) {
                out.println("wrote " + target + " (" + (half ? "float16" : "float32")
                        + (inputs.size() > 1 ? ", mean of " + inputs.size() + " models" : "") + ")");
            }
            ModelFile.Contents contents = new ModelFile.Contents(d, entries);
            String what = inputs.size() > 1 ? "the mean of " + inputs.size() + " models"
                    : BuiltinModels.builtinName(inputs.get(0)) != null
                            ? "built-in model '" + BuiltinModels.builtinName(inputs.get(0)) + "'"
                            : "Model file " + inputs.get(0);
            if (onnxTarget != null) {
                exportOnnx(contents, what, onnxTarget, out);
            }
            if (packageTarget != null) {
                BioimageioExport.Options o = new BioimageioExport.Options();
                o.sample = a.path("sample");
                o.license = a.string("license", null);
                o.url = a.string("url", null);
                long t0 = System.nanoTime();
                BioimageioExport.Result r = BioimageioExport.write(contents, what, packageTarget, o);
                long bytes = 0;
                for (byte[] b : r.files.values()) {
                    bytes += b.length;
                }
                out.println("wrote " + packageTarget + " (bioimage.io model package, format "
                        + BioimageioExport.FORMAT_VERSION + ", " + r.files.size() + " files, " + mb(bytes)
                        + String.format(Locale.ROOT, ", %.1f s", (System.nanoTime() - t0) / 1e9) + "): "
                        + String.join(", ", r.files.keySet()));
                out.println("  test tensors 1 x 1 x " + r.side + " x " + r.side + "; ONNX Runtime on weights.onnx vs "
                        + "this plugin's network, in a*b* units: " + r.difference);
                if (o.url == null) {
                    out.println("  note: no --url given: the project is cited by name only; bioimage.io wants a URL "
                            + "or DOI for each citation in rdf.yaml");
                }
            }
        }
        return 0;
    }

    /** Writes the ONNX graph after checking it under ONNX Runtime against this plugin's network. */
    private static void exportOnnx(ModelFile.Contents contents, String what, Path target, PrintStream out) {
        long t0 = System.nanoTime();
        OnnxExport.Written w = OnnxExport.writeChecked(contents, what, target);
        out.println("wrote " + target + " (ONNX opset " + OnnxExport.OPSET + ", " + mb(w.bytes)
                + String.format(Locale.ROOT, ", %.1f s", (System.nanoTime() - t0) / 1e9) + "): input '"
                + OnnxExport.INPUT + "' N x " + w.inputChannels + " x H x W, output '" + OnnxExport.OUTPUT
                + "' N x 2 x H x W, H and W multiples of " + w.sizeMultiple);
        out.println("  ONNX Runtime vs this plugin's network at 1 x " + w.inputChannels + " x " + w.side + " x "
                + w.side + ": " + w.difference);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The reach setting given as {@code --name} (or its older spelling {@code --old}); null if neither. */
    private static HintSpread reach(Args a, String name, String old) {
        String v = a.renamed(name, old);
        return v == null ? null : Reach.parse(v, "--" + (a.has(name) ? name : old));
    }
}
