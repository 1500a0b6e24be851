package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;

/**
 * Known-answer check of libtorch's convolution, forward and backward, at the shapes the networks really use.
 *
 * <p>Why: on some CPUs libtorch 2.7.1's oneDNN kernels return wrong input gradients for small shapes (measured on
 * an AMD EPYC with AVX-512: stride-1 convolutions with fewer than 16 output channels, as in the PatchGAN's last
 * layer and the transposed convolution's phase convolution of the generator's last layer, and stride-2
 * convolutions with 1-4 input channels at small sizes; capping oneDNN at AVX2 fixes only the second kind). The
 * forward pass is right. Which shapes are affected depends on the CPU, so nothing is assumed:
 *
 * <ol>
 *   <li>the reference path, {@link Conv#im2col} (strided slices and one matrix product, whose gradients come
 *       from indexing and a matrix product), is checked once per process against a direct computation in Java
 *       ({@link #baseline}); if it is wrong too, training stops with a message ({@link ColorizerException});
 *   <li>every convolution that records gradients asks {@link #libtorchRight} before it runs: the first time a
 *       shape is seen, libtorch's convolution and the reference are run on the same random data and their
 *       outputs and gradients compared (twice, on different data); a shape where they differ goes through the
 *       reference path from then on;
 *   <li>convolutions with fewer than {@link #MIN_CHANNELS} input or output channels take the reference path
 *       whenever they record gradients: there the wrong results came and went between runs.
 * </ol>
 *
 * Inference (no gradients) always uses libtorch's convolution. {@code -Dcolorizer.convCheck=false} turns the
 * check off (for measurements only).
 */
public final class ConvCheck {

    /** Relative tolerance (of the largest reference value) for outputs and gradients. */
    static final double TOLERANCE = 1e-3;
    /** Each shape is checked this many times on different data; the worst error counts. */
    static final int REPEATS = 2;
    /**
     * Convolutions with fewer input or output channels than this take the im2col path whenever they record
     * gradients, whatever the check finds: on an AVX-512 CPU, libtorch's wrong gradients at such shapes came
     * and went between runs (a shape checked right could later be wrong), so no check can clear them. They are
     * the networks' thinnest layers, where im2col costs little.
     */
    public static final int MIN_CHANNELS = 16;

    /** A convolution's shapes; {@code dx} is whether the input's gradient is needed. */
    public static final class Signature {
        final long n;
        final long cin;
        final long h;
        final long w;
        final long cout;
        final long k;
        final int stride;
        final int padding;
        final boolean dx;

        Signature(Shape x, Shape weight, int stride, int padding, boolean dx) {
            this.n = x.get(0);
            this.cin = x.get(1);
            this.h = x.get(2);
            this.w = x.get(3);
            this.cout = weight.get(0);
            this.k = weight.get(2);
            this.stride = stride;
            this.padding = padding;
            this.dx = dx;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Signature)) {
                return false;
            }
            Signature s = (Signature) o;
            return n == s.n && cin == s.cin && h == s.h && w == s.w && cout == s.cout && k == s.k
                    && stride == s.stride && padding == s.padding && dx == s.dx;
        }

        @Override
        public int hashCode() {
            return Objects.hash(n, cin, h, w, cout, k, stride, padding, dx);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%dx%dx%dx%d -> %d ch, %dx%d kernel, stride %d, padding %d%s", n, cin,
                    h, w, cout, k, k, stride, padding, dx ? "" : " (no input gradient)");
        }
    }

    /** What the check found for one shape. */
    public static final class Verdict {
        public final Signature signature;
        public final boolean right;
        /** Largest relative error of libtorch's output, input gradient and weight gradient. */
        public final double forwardError;
        public final double inputGradError;
        public final double weightGradError;

        Verdict(Signature signature, double forwardError, double inputGradError, double weightGradError) {
            this.signature = signature;
            this.forwardError = forwardError;
            this.inputGradError = inputGradError;
            this.weightGradError = weightGradError;
            this.right = ok(forwardError) && ok(inputGradError) && ok(weightGradError);
        }

        private static boolean ok(double e) {
            return e <= TOLERANCE; // NaN is not ok
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %s (relative error: output %.1e, input gradient %.1e, weight "
                    + "gradient %.1e)", signature, right ? "right" : "WRONG", forwardError, inputGradError,
                    weightGradError);
        }
    }

    /** Overall state, as {@code bench} and {@code doctor} print it. */
    public enum Status {
        /** libtorch's convolution was right at every shape checked. */
        OK,
        /** some shapes were wrong in libtorch and use the checked reference path instead. */
        FIXED,
        /** the reference path itself is wrong: this CPU cannot train. */
        FAILED,
        /** turned off ({@code -Dcolorizer.convCheck=false}): nothing was checked. */
        OFF;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<Signature, Verdict> VERDICTS = new ConcurrentHashMap<>();
    private static volatile String baselineFailure;
    private static volatile boolean baselineDone;

    private ConvCheck() {}

    /** False when {@code -Dcolorizer.convCheck=false}: every convolution goes to libtorch unchecked. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("colorizer.convCheck"));
    }

    /**
     * Whether libtorch's convolution gives the right output and gradients for this input and weight shape;
     * checked on first use and remembered for the process. Runs the {@link #baseline} first.
     *
     * @throws ColorizerException if the reference path is wrong on this CPU
     */
    /** Whether a convolution of this weight (out, in, k, k) always takes the im2col path when training. */
    static boolean thin(NDArray weight) {
        Shape w = weight.getShape();
        return w.get(0) < MIN_CHANNELS || w.get(1) < MIN_CHANNELS;
    }

    static boolean libtorchRight(NDArray x, NDArray weight, int stride, int padding) {
        Signature s = new Signature(x.getShape(), weight.getShape(), stride, padding, true);
        Verdict v = VERDICTS.get(s);
        if (v == null) {
            synchronized (ConvCheck.class) {
                v = VERDICTS.get(s);
                if (v == null) {
                    baseline(x.getManager());
                    v = measure(s, x.getManager());
                    if (Boolean.getBoolean("colorizer.convCheck.verbose")) {
                        System.err.println("ConvCheck " + v);
                    }
                    VERDICTS.put(s, v);
                }
            }
        }
        return v.right;
    }

    /**
     * Checks the reference path ({@link Conv#im2col}) against a direct computation in Java at small shapes of
     * each kind the networks use (4x4 stride 2 and stride 1, 2x2 stride 1; few and many channels), forward and
     * both gradients. Runs once per process.
     *
     * @throws ColorizerException naming the first wrong case
     */
    public static void baseline(NDManager parent) {
        if (!baselineDone) {
            synchronized (ConvCheck.class) {
                if (!baselineDone) {
                    baselineFailure = runBaseline(parent);
                    baselineDone = true;
                }
            }
        }
        if (baselineFailure != null) {
            throw new ColorizerException("libtorch computes wrong numbers on this CPU: " + baselineFailure
                    + ". Training would learn from wrong gradients, so it does not start. Try limiting oneDNN's "
                    + "instruction set before starting (environment variable ONEDNN_MAX_CPU_ISA=AVX2, or SSE41), "
                    + "and please report this with the output of 'java -jar colorizer.jar doctor'.");
        }
    }

    private static String runBaseline(NDManager parent) {
        // n, cin, h, w, cout, k, stride, padding
        int[][] cases = {{1, 3, 4, 4, 5, 4, 2, 1}, {2, 1, 8, 6, 4, 4, 2, 1}, {1, 6, 5, 5, 1, 4, 1, 1},
            {2, 4, 3, 4, 8, 2, 1, 1}, {1, 20, 4, 4, 18, 4, 2, 1}};
        try (NDManager m = parent.newSubManager();
                TorchOps.GradMode on = TorchOps.gradMode(true)) {
            for (int[] c : cases) {
                Random r = new Random(c[1] * 31L + c[4]);
                float[] x = random(r, c[0] * c[1] * c[2] * c[3]);
                float[] w = random(r, c[4] * c[1] * c[5] * c[5]);
                int ho = (c[2] + 2 * c[7] - c[5]) / c[6] + 1;
                int wo = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
                float[] g = random(r, c[0] * c[4] * ho * wo);
                double[][] want = direct(c, x, w, g, ho, wo);
                float[][] got = run(m, false, new Shape(c[0], c[1], c[2], c[3]), x,
                        new Shape(c[4], c[1], c[5], c[5]), w, g, c[6], c[7], true);
                String[] what = {"output", "input gradient", "weight gradient"};
                for (int i = 0; i < 3; i++) {
                    double e = relativeError(got[i], want[i]);
                    if (!(e <= TOLERANCE)) {
                        return String.format(Locale.ROOT, "the reference convolution's %s at %s is off by %.2g "
                                + "(relative)", what[i], new Signature(new Shape(c[0], c[1], c[2], c[3]),
                                        new Shape(c[4], c[1], c[5], c[5]), c[6], c[7], true), e);
                    }
                }
            }
        }
        return null;
    }

    /** Runs libtorch's convolution and the reference at {@code s} on the same seeded random data and compares. */
    private static Verdict measure(Signature s, NDManager parent) {
        double fe = 0;
        double ge = 0;
        double we = 0;
        for (int rep = 0; rep < REPEATS; rep++) {
            Random r = new Random(s.hashCode() * 31L + rep);
            long ho = (s.h + 2L * s.padding - s.k) / s.stride + 1;
            long wo = (s.w + 2L * s.padding - s.k) / s.stride + 1;
            float[] x = random(r, Math.toIntExact(s.n * s.cin * s.h * s.w));
            float[] w = random(r, Math.toIntExact(s.cout * s.cin * s.k * s.k));
            float[] g = random(r, Math.toIntExact(s.n * s.cout * ho * wo));
            Shape xShape = new Shape(s.n, s.cin, s.h, s.w);
            Shape wShape = new Shape(s.cout, s.cin, s.k, s.k);
            try (NDManager m = parent.newSubManager();
                    TorchOps.GradMode on = TorchOps.gradMode(true)) {
                float[][] torch = run(m, true, xShape, x, wShape, w, g, s.stride, s.padding, s.dx);
                float[][] ref = run(m, false, xShape, x, wShape, w, g, s.stride, s.padding, s.dx);
                fe = worst(fe, relativeError(torch[0], ref[0]));
                ge = worst(ge, s.dx ? relativeError(torch[1], ref[1]) : 0);
                we = worst(we, relativeError(torch[2], ref[2]));
            }
        }
        return new Verdict(s, fe, ge, we);
    }

    private static double worst(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    /** Output, input gradient (null without dx) and weight gradient of one convolution of seeded data. */
    private static float[][] run(NDManager m, boolean libtorch, Shape xShape, float[] xv, Shape wShape,
            float[] wv, float[] gv, int stride, int padding, boolean dx) {
        NDArray x = owned(m, xv, xShape);
        NDArray w = owned(m, wv, wShape);
        x.setRequiresGradient(dx);
        w.setRequiresGradient(true);
        NDArray y = libtorch ? Conv.torchConv(x, w, null, stride, padding) : Conv.im2col(x, w, null, stride, padding);
        NDArray g = owned(m, gv, y.getShape());
        NDArray loss = y.mul(g).sum();
        try (NDArray one = m.ones(new Shape())) {
            JniUtils.backward(TorchOps.pt(loss), TorchOps.pt(one), false, false);
        }
        return new float[][] {y.toFloatArray(), dx ? x.getGradient().toFloatArray() : null,
            w.getGradient().toFloatArray()};
    }

    /** A torch-owned copy of Java values (Java-backed tensors must not enter autograd graphs; see TorchOps). */
    private static NDArray owned(NDManager m, float[] v, Shape shape) {
        try (NDArray javaBacked = m.create(v, shape)) {
            return javaBacked.duplicate();
        }
    }

    /** Direct convolution in double precision: output, input gradient and weight gradient for upstream g. */
    static double[][] direct(int[] c, float[] x, float[] w, float[] g, int ho, int wo) {
        int n = c[0];
        int cin = c[1];
        int h = c[2];
        int wd = c[3];
        int cout = c[4];
        int k = c[5];
        int s = c[6];
        int p = c[7];
        double[] y = new double[n * cout * ho * wo];
        double[] gx = new double[x.length];
        double[] gw = new double[w.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        int yi = ((b * cout + o) * ho + oy) * wo + ox;
                        double acc = 0;
                        for (int i = 0; i < cin; i++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int iy = oy * s - p + u;
                                    int ix = ox * s - p + v;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    int xi = ((b * cin + i) * h + iy) * wd + ix;
                                    int wi = ((o * cin + i) * k + u) * k + v;
                                    acc += (double) x[xi] * w[wi];
                                    gx[xi] += (double) g[yi] * w[wi];
                                    gw[wi] += (double) g[yi] * x[xi];
                                }
                            }
                        }
                        y[yi] = acc;
                    }
                }
            }
        }
        return new double[][] {y, gx, gw};
    }

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** max |a - b| / max(max |b|, 1e-6); NaN anywhere in {@code a} gives NaN. */
    static double relativeError(float[] a, double[] b) {
        double scale = 1e-6;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            e = Math.max(e, d);
        }
        return e / scale;
    }

    private static double relativeError(float[] a, float[] b) {
        double[] d = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            d[i] = b[i];
        }
        return relativeError(a, d);
    }

    /**
     * Checks every convolution shape of a training step of these networks at batch {@code n} and
     * {@code size} x {@code size}: one forward pass of both with gradients on, in inference mode (no weight,
     * statistic or random state changes).
     *
     * @return the report of everything checked so far in this process
     */
    public static Report networks(Block generator, Block discriminator, ModelConfig config, int n, int size,
            NDManager parent) {
        try (NDManager sm = parent.newSubManager();
                TorchOps.GradMode on = TorchOps.gradMode(true)) {
            NDArray in = sm.zeros(Networks.generatorInput(config, n, size, size));
            NDArray fake = generator.forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow();
            NDArray l = in.get(new NDIndex(":, 0:1"));
            discriminator.forward(new ParameterStore(sm, false), new NDList(NDArrays.concat(new NDList(l, fake), 1)),
                    false);
        }
        Report r = report();
        if (r.status() == Status.FAILED) {
            baseline(parent); // throws with the full message
        }
        return r;
    }

    /**
     * The check at the built-in photo model's training shapes (its architecture, batch 8, 128 px), in a fresh
     * manager; for {@code bench} and {@code doctor}.
     */
    public static Report standard() {
        ModelConfig c = new ModelConfig();
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Block g = Networks.generator(c);
            Block d = Networks.discriminator(c);
            Networks.initializeGenerator(g, c, m, 1);
            Networks.initialize(d, m, new Shape(1, 3, c.getSize(), c.getSize()), 2);
            return networks(g, d, c, 8, 128, m);
        }
    }

    /** What has been checked so far in this process. */
    public static Report report() {
        List<Verdict> list = new ArrayList<>(VERDICTS.values());
        list.sort((a, b) -> a.signature.toString().compareTo(b.signature.toString()));
        return new Report(baselineDone ? baselineFailure : null, list);
    }

    /** The verdicts of a check. */
    public static final class Report {
        /** null if the reference path was right (or not checked yet). */
        public final String baselineFailure;
        public final List<Verdict> verdicts;

        Report(String baselineFailure, List<Verdict> verdicts) {
            this.baselineFailure = baselineFailure;
            this.verdicts = Collections.unmodifiableList(verdicts);
        }

        public Status status() {
            if (!enabled()) {
                return Status.OFF;
            }
            if (baselineFailure != null) {
                return Status.FAILED;
            }
            return wrong().isEmpty() ? Status.OK : Status.FIXED;
        }

        public List<Verdict> wrong() {
            List<Verdict> w = new ArrayList<>();
            for (Verdict v : verdicts) {
                if (!v.right) {
                    w.add(v);
                }
            }
            return w;
        }

        /** One line for logs: status and counts. */
        public String summary() {
            return "convolution check: " + detail();
        }

        /** Status and counts, e.g. {@code fixed (2 of 19 shapes ...)}. */
        public String detail() {
            switch (status()) {
                case FAILED:
                    return "failed (" + baselineFailure + ")";
                case OFF:
                    return "off (-Dcolorizer.convCheck=false: libtorch's convolution is used unchecked)";
                case FIXED:
                    return "fixed (libtorch's convolution gave wrong gradients on this CPU at " + wrong().size()
                            + " of " + verdicts.size() + " shapes; those, and all with fewer than " + MIN_CHANNELS
                            + " channels, use the checked im2col path)";
                default:
                    return "ok (" + verdicts.size() + " shapes, libtorch right at all; those with fewer than "
                            + MIN_CHANNELS + " channels use the checked im2col path all the same)";
            }
        }
    }
}
