package org.colorizer.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.colorizer.ColorizerException;
import org.colorizer.Version;
import org.colorizer.engine.Engines;
import org.colorizer.io.AtomicFiles;
import org.colorizer.model.BatchNorm;
import org.colorizer.model.Conv;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.model.ResizeConv;
import org.colorizer.model.TransposedConv;
import org.colorizer.model.UnetGenerator;
import org.colorizer.model.UnetSkipBlock;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/**
 * A model file's generator as an ONNX graph in the "colorizer" convention: input {@code input}
 * (N x C x H x W float32, what the plugin feeds its network), output {@code ab} (N x 2 x H x W, a* / 110 and b* / 110),
 * N, H and W symbolic; H and W must be multiples of 2^levels. The graph computes the generator in inference
 * mode, as Colorize runs it: no dropout, batch normalization with the running statistics.
 *
 * <p>The generator is loaded with DJL exactly as Colorize loads it (float16 weights become float32), so that
 * {@link #forward} gives the reference output to compare the ONNX graph with.
 */
public final class OnnxExport implements AutoCloseable {
    /** ONNX operator set of the exported graphs. */
    public static final int OPSET = 17;
    public static final String INPUT = "input";
    public static final String OUTPUT = "ab";
    /** Metadata key naming the input/output convention; its value is {@link #CONVENTION}. */
    public static final String KEY_IO = "colorizer.io";
    public static final String CONVENTION = "colorizer";
    /** Metadata key: H and W must be multiples of this number (2^levels). */
    public static final String KEY_SIZE_MULTIPLE = "colorizer.size_multiple";
    /** Metadata key: the model file's JSON description (working size, hint spreading, training settings). */
    public static final String KEY_DESCRIPTION = "colorizer.description";
    /** Metadata key: the input's encoding in words. */
    public static final String KEY_INPUT = "colorizer.input";
    /** Metadata key: the output's encoding in words. */
    public static final String KEY_OUTPUT = "colorizer.output";

    private static final float LEAKY_SLOPE = 0.2f;

    private final ModelDescription description;
    private final ModelConfig config;
    private final boolean lightnessOnly;
    private final String what;
    private final NDManager manager;
    private final UnetGenerator generator;

    private OnnxExport(ModelFile.Contents contents, String what, boolean lightnessOnly) {
        contents.requireBuiltinNetwork(what, "be exported (export the original network instead)");
        this.what = what;
        this.config = contents.description.model;
        this.lightnessOnly = lightnessOnly && config.takesHints();
        // a deep copy; a lightness-only export describes a model without hint inputs
        this.description = ModelFile.gson().fromJson(ModelFile.gson().toJson(contents.description),
                ModelDescription.class);
        if (this.lightnessOnly) {
            description.model.optHints(false);
        }
        NDManager m = Engines.pytorch().newBaseManager();
        try {
            Block g = Networks.generator(config);
            if (!(g instanceof UnetGenerator)) {
                throw new ColorizerException(what + ": only U-Net generators can be exported to ONNX");
            }
            Networks.initializeGenerator(g, config, m, 0);
            WeightCodec.load(g, WeightCodec.decode(contents.entry(ModelFile.GENERATOR_ENTRY, what), what), m, what);
            this.generator = (UnetGenerator) g;
            this.manager = m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The generator of {@code contents} (a model or a checkpoint) with all its inputs (L, and hints if it takes any). */
    public static OnnxExport open(ModelFile.Contents contents, String what) {
        return new OnnxExport(contents, what, false);
    }

    /**
     * As {@link #open}, but a hint-aware generator is exported with the lightness input only: the graph computes
     * what the generator computes without hints (its hint planes all zero).
     */
    public static OnnxExport openLightnessOnly(ModelFile.Contents contents, String what) {
        return new OnnxExport(contents, what, true);
    }

    /** Input channels of the exported graph: 1, or 4 for hint-aware models (unless lightness-only). */
    public int inputChannels() {
        return lightnessOnly ? 1 : config.getGeneratorInputChannels();
    }

    /** The side-length multiple of the inputs (2^levels). */
    public int sizeMultiple() {
        return config.getSizeMultiple();
    }

    /** The description recorded in the graph's metadata (without hint inputs for a lightness-only export). */
    public ModelDescription description() {
        return description;
    }

    /** The input's encoding in words (metadata {@value #KEY_INPUT}). */
    public String inputText() {
        String s = "float32 N x " + inputChannels() + " x H x W, H and W multiples of " + sizeMultiple()
                + "; channel 0: L*/50 - 1 (CIE L* 0..100 of D65 Lab as -1..1)";
        if (inputChannels() > 1) {
            s += "; channels 1, 2: a*/110, b*/110 of color hints (0 where there is none); channel 3: hint mask "
                    + "(1 at hints, 0 elsewhere)";
        }
        return s;
    }

    /** The output's encoding in words (metadata {@value #KEY_OUTPUT}). */
    public static String outputText() {
        return "float32 N x 2 x H x W: a*/110, b*/110 (CIE Lab D65; tanh, -1..1); multiply by 110 and combine with "
                + "the full-resolution L* (a*b* upsampled bilinearly where the network saw a reduced image)";
    }

    /** The ONNX model (serialized ModelProto). */
    public byte[] toOnnx() {
        OnnxWriter g = new OnnxWriter(OPSET).producer("colorizer", Version.get()).graphName("colorizer_unet");
        String name = description.name == null ? "unnamed" : description.name;
        g.doc("Colorizer pix2pix U-Net generator '" + name + "' (" + config + "): " + inputText() + " -> "
                + outputText() + ".");
        g.metadata(KEY_IO, CONVENTION);
        g.metadata(KEY_SIZE_MULTIPLE, Integer.toString(sizeMultiple()));
        g.metadata(KEY_DESCRIPTION, ModelFile.gson().toJson(description));
        g.metadata(KEY_INPUT, inputText());
        g.metadata(KEY_OUTPUT, outputText());
        g.input(INPUT, "N", (long) inputChannels(), "H", "W");
        block(g, generator.getOutermost(), INPUT);
        g.output(OUTPUT, "N", 2L, "H", "W");
        return g.toBytes();
    }

    /** Writes the ONNX model to {@code target} atomically; returns its bytes. */
    public byte[] write(Path target) {
        byte[] onnx = toOnnx();
        AtomicFiles.write(target, o -> o.write(onnx));
        return onnx;
    }

    private String block(OnnxWriter g, UnetSkipBlock b, String x) {
        String p = "d" + b.getDepth();
        boolean outer = b.getKind() == UnetSkipBlock.Kind.OUTERMOST;
        String skip = outer ? x
                : g.node("LeakyRelu", List.of(x), p + ".lrelu", OnnxWriter.attr("alpha", LEAKY_SLOPE));
        String h = conv(g, (Conv) child(b, "down"), skip, p + ".down", outer && lightnessOnly);
        Block downNorm = childOrNull(b, "downnorm");
        if (downNorm != null) {
            h = batchNorm(g, (BatchNorm) downNorm, h, p + ".downnorm");
        }
        if (b.getSub() != null) {
            h = block(g, b.getSub(), h);
        }
        h = g.node("Relu", List.of(h), p + ".relu");
        Block up = child(b, "up");
        if (up instanceof TransposedConv) {
            h = transposedConv(g, (TransposedConv) up, h, p + ".up");
        } else if (up instanceof ResizeConv) {
            String r = g.node("Resize", List.of(h, "", scales(g)), p + ".resize",
                    OnnxWriter.attr("mode", "nearest"), OnnxWriter.attr("coordinate_transformation_mode", "asymmetric"),
                    OnnxWriter.attr("nearest_mode", "floor"));
            h = conv(g, (Conv) child(up, "conv"), r, p + ".up", false);
        } else {
            throw unsupported(up);
        }
        if (outer) {
            return g.node("Tanh", List.of(h), OUTPUT);
        }
        String y = batchNorm(g, (BatchNorm) child(b, "upnorm"), h, p + ".upnorm");
        return g.node("Concat", List.of(skip, y), p + ".cat", OnnxWriter.attr("axis", 1L));
    }

    /** The scales of every 2x nearest-neighbour up-sampling, one initializer for all. */
    private static String scales(OnnxWriter g) {
        String name = "up.scales";
        return g.has(name) ? name : g.initializer(name, new long[] {4}, new float[] {1, 1, 2, 2});
    }

    private String conv(OnnxWriter g, Conv c, String x, String name, boolean firstChannelOnly) {
        NDArray w = param(c, "weight");
        long[] dims = w.getShape().getShape();
        float[] wv = w.toFloatArray();
        if (dims[2] != c.getKernel() || dims[3] != c.getKernel()) {
            throw new ColorizerException(what + ": " + name + " has a " + dims[2] + "x" + dims[3] + " weight for a "
                    + c.getKernel() + "x" + c.getKernel() + " convolution; the file is damaged");
        }
        if (firstChannelOnly) {
            int k = (int) (dims[2] * dims[3]);
            int in = (int) dims[1];
            float[] first = new float[(int) dims[0] * k];
            for (int o = 0; o < dims[0]; o++) {
                System.arraycopy(wv, o * in * k, first, o * k, k);
            }
            wv = first;
            dims = new long[] {dims[0], 1, dims[2], dims[3]};
        }
        String wn = g.initializer(name + ".weight", dims, wv);
        NDArray b = paramOrNull(c, "bias");
        List<String> in = b == null ? List.of(x, wn)
                : List.of(x, wn, g.initializer(name + ".bias", b.getShape().getShape(), b.toFloatArray()));
        long k = c.getKernel();
        long s = c.getStride();
        long pd = c.getPadding();
        return g.node("Conv", in, name, OnnxWriter.ints("kernel_shape", k, k), OnnxWriter.ints("strides", s, s),
                OnnxWriter.ints("pads", pd, pd, pd, pd), OnnxWriter.ints("dilations", 1, 1),
                OnnxWriter.attr("group", 1L));
    }

    /**
     * PyTorch's ConvTranspose2d(kernel 4, stride 2, padding 1), computed as {@link TransposedConv} does: four 2x2
     * convolutions, one per output phase (a, b), each padded so that it reads the input at its own offset, then
     * DepthToSpace (mode DCR: channel (2a + b) * out + c goes to pixel (2y + a, 2x + b)). The same work as the
     * plugin's own network; ONNX Runtime's and libtorch's ConvTranspose are several times slower on CPUs.
     */
    private String transposedConv(OnnxWriter g, TransposedConv t, String x, String name) {
        NDArray k = param(t, "weight"); // (4 * out, in, 2, 2), phases (a, b) outermost
        long[] dims = k.getShape().getShape();
        long cout = dims[0] / 4;
        float[] w = k.toFloatArray();
        NDArray b = paramOrNull(t, "bias");
        String bias = b == null ? null : g.initializer(name + ".bias", b.getShape().getShape(), b.toFloatArray());
        int perPhase = (int) (cout * dims[1] * 4);
        List<String> phases = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                int p = 2 * a + c;
                float[] wp = Arrays.copyOfRange(w, p * perPhase, (p + 1) * perPhase);
                String wn = g.initializer(name + ".phase" + a + c + ".weight", new long[] {cout, dims[1], 2, 2}, wp);
                List<String> in = bias == null ? List.of(x, wn) : List.of(x, wn, bias);
                phases.add(g.node("Conv", in, name + ".phase" + a + c, OnnxWriter.ints("kernel_shape", 2, 2),
                        OnnxWriter.ints("strides", 1, 1), OnnxWriter.ints("pads", 1 - a, 1 - c, a, c),
                        OnnxWriter.ints("dilations", 1, 1), OnnxWriter.attr("group", 1L)));
            }
        }
        String stacked = g.node("Concat", phases, name + ".phases", OnnxWriter.attr("axis", 1L));
        return g.node("DepthToSpace", List.of(stacked), name, OnnxWriter.attr("blocksize", 2L),
                OnnxWriter.attr("mode", "DCR"));
    }

    private String batchNorm(OnnxWriter g, BatchNorm bn, String x, String name) {
        String gamma = init(g, bn, "gamma", name + ".gamma");
        String beta = init(g, bn, "beta", name + ".beta");
        String mean = init(g, bn, "runningMean", name + ".mean");
        String var = init(g, bn, "runningVar", name + ".var");
        return g.node("BatchNormalization", List.of(x, gamma, beta, mean, var), name,
                OnnxWriter.attr("epsilon", (float) bn.getEpsilon()));
    }

    private static String init(OnnxWriter g, Block b, String param, String name) {
        NDArray a = param(b, param);
        return g.initializer(name, a.getShape().getShape(), a.toFloatArray());
    }

    private static NDArray param(Block b, String name) {
        NDArray a = paramOrNull(b, name);
        if (a == null) {
            throw new IllegalStateException(b.getClass().getSimpleName() + " has no parameter " + name);
        }
        return a;
    }

    private static NDArray paramOrNull(Block b, String name) {
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                NDArray a = p.getValue().getArray();
                return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
            }
        }
        return null;
    }

    private Block child(Block b, String name) {
        Block c = childOrNull(b, name);
        if (c == null) {
            throw unsupported(b);
        }
        return c;
    }

    /** A child block by the name it was added under (DJL prefixes a number: "01down"). */
    private static Block childOrNull(Block b, String name) {
        for (Pair<String, Block> c : b.getChildren()) {
            if (c.getKey().replaceFirst("^[0-9]+", "").equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    private ColorizerException unsupported(Block b) {
        return new ColorizerException(what + ": its generator holds a " + b.getClass().getSimpleName()
                + " in a place this version cannot export to ONNX; update the plugin");
    }

    /**
     * The generator's output for {@code input} (N x {@link #inputChannels()} x H x W, row-major), computed by DJL
     * as Colorize computes it; a lightness-only export feeds zero hint planes.
     */
    public float[] forward(float[] input, int n, int h, int w) {
        int c = inputChannels();
        if (input.length != (long) n * c * h * w) {
            throw new IllegalArgumentException(input.length + " values for " + n + "x" + c + "x" + h + "x" + w);
        }
        int full = config.getGeneratorInputChannels();
        float[] x = input;
        if (full != c) {
            x = new float[n * full * h * w];
            for (int i = 0; i < n; i++) {
                System.arraycopy(input, i * h * w, x, i * full * h * w, h * w);
            }
        }
        float[] fed = x;
        return Engines.with(() -> {
            try (NDManager scope = manager.newSubManager()) {
                JniUtils.setGradMode(false);
                NDArray a = scope.create(fed, new Shape(n, full, h, w));
                NDList out = generator.forward(new ParameterStore(scope, false), new NDList(a), false);
                return out.singletonOrThrow().toType(DataType.FLOAT32, false).toFloatArray();
            }
        });
    }

    /**
     * A seeded test input of {@code n} x {@link #inputChannels()} x h x w: L uniform in [-1, 1]; hints (if any) at
     * about 2% of the pixels with a*, b* uniform in [-0.5, 0.5] and mask 1.
     */
    public float[] testInput(int n, int h, int w, long seed) {
        Random r = new Random(seed);
        int c = inputChannels();
        int plane = h * w;
        float[] x = new float[n * c * plane];
        for (int i = 0; i < n; i++) {
            int base = i * c * plane;
            for (int p = 0; p < plane; p++) {
                x[base + p] = 2 * r.nextFloat() - 1;
                if (c > 1 && r.nextFloat() < 0.02f) {
                    x[base + plane + p] = r.nextFloat() - 0.5f;
                    x[base + 2 * plane + p] = r.nextFloat() - 0.5f;
                    x[base + 3 * plane + p] = 1;
                }
            }
        }
        return x;
    }

    /** The smallest side of at least 64 pixels the graph accepts (for checks). */
    public int checkSide() {
        int m = sizeMultiple();
        return Math.max(m, (64 + m - 1) / m * m);
    }

    /** Differences between two outputs: largest absolute difference, and that over the reference's range. */
    /** What {@link #writeChecked} wrote. */
    public static final class Written {
        public final long bytes;
        public final int inputChannels;
        public final int sizeMultiple;
        /** The side of the square input the check ran on. */
        public final int side;
        public final Difference difference;

        Written(long bytes, int inputChannels, int sizeMultiple, int side, Difference difference) {
            this.bytes = bytes;
            this.inputChannels = inputChannels;
            this.sizeMultiple = sizeMultiple;
            this.side = side;
            this.difference = difference;
        }
    }

    /**
     * Writes the generator of {@code contents} as ONNX to {@code target} (atomically) after checking the graph
     * under ONNX Runtime against this plugin's network on a seeded input: an export that differs by more than 1e-4
     * of the output range is refused and nothing is written.
     */
    public static Written writeChecked(ModelFile.Contents contents, String what, Path target) {
        try (OnnxExport e = open(contents, what)) {
            byte[] onnx = e.toOnnx();
            int side = e.checkSide();
            int c = e.inputChannels();
            float[] x = e.testInput(1, side, side, 1);
            float[] ref = e.forward(x, 1, side, side);
            float[] got = OnnxRuntimeRun.run(onnx, x, new long[] {1, c, side, side}, what);
            Difference d = difference(ref, got);
            if (!(d.maxAbs <= 1e-4 * Math.max(d.range, 1.0 / 110))) {
                throw new ColorizerException(what + ": the ONNX graph does not reproduce the network under ONNX "
                        + "Runtime (" + d + "); " + target + " was not written. Please report this with the model.");
            }
            AtomicFiles.write(target, o -> o.write(onnx));
            return new Written(onnx.length, c, e.sizeMultiple(), side, d);
        }
    }

    public static final class Difference {
        public final double maxAbs;
        public final double range;

        Difference(double maxAbs, double range) {
            this.maxAbs = maxAbs;
            this.range = range;
        }

        /** maxAbs / range (range 0: maxAbs itself). */
        public double relative() {
            return range > 0 ? maxAbs / range : maxAbs;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "max |difference| %.3g, %.3g of the output range %.3g", maxAbs,
                    relative(), range);
        }
    }

    /** How far {@code actual} is from {@code reference}. */
    public static Difference difference(float[] reference, float[] actual) {
        if (reference.length != actual.length) {
            throw new IllegalArgumentException(reference.length + " vs " + actual.length + " values");
        }
        double max = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs((double) reference[i] - actual[i]);
            if (!(d <= max)) {
                max = d; // NaN wins
            }
            lo = Math.min(lo, reference[i]);
            hi = Math.max(hi, reference[i]);
        }
        return new Difference(max, reference.length == 0 ? 0 : (double) hi - lo);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "ONNX export of " + what + " (" + config + ", input " + Arrays.asList("N", inputChannels(), "H", "W")
                + ")";
    }
}
