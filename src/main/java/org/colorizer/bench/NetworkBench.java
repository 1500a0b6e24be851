package org.colorizer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.engine.Engines;
import org.colorizer.model.Conv;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.model.ResizeConv;
import org.colorizer.model.TorchOps;
import org.colorizer.model.TransposedConv;
import org.colorizer.training.GanStep;
import org.colorizer.training.TrainingConfig;

/**
 * Speed of the networks against the PyTorch peer ({@code bench/peer_pix2pix.py}, run with Debian's
 * {@code /usr/bin/python3} and its python3-torch), interleaved round by round in one session so both see the
 * same machine load; medians over all iterations.
 *
 * <ul>
 *   <li>{@code g_forward_ms_32f6l}, {@code g_forward_ms_64f8l}: generator inference, 256x256, batch 1;
 *   <li>{@code train_step_ms}: one GAN step, generator 32 filters 6 levels, 70x70 PatchGAN, batch 4 at 128 px,
 *       Adam, vanilla GAN, D and G updates; {@code train_images_s} = 4 / step time;
 *   <li>{@code train_step_ms_general256_hints}, {@code train_images_s_general256_hints}: the same step for the
 *       built-in {@code general}'s network with hint inputs (7 levels, 32 filters), batch 8 at 256 px, the
 *       configuration of a hint fine-tune; its buffers pass glibc's 32 MB mmap limit, so it shows what
 *       {@code THP_MEM_ALLOC_ENABLE} (set by {@link org.colorizer.engine.Engines}) is worth;
 *   <li>{@code train_gflops}: convolution FLOPs per step / step time, counting 2 FLOPs per multiply-add of the
 *       direct (transposed) convolutions: generator forward + backward = 3 forwards; discriminator = 8 forwards
 *       (2 forwards and their weight+input backward in the D step, 1 forward and an input-only backward in the
 *       G step);
 *   <li>{@code peer_*}: the same for PyTorch (nn.ConvTranspose2d, which Debian's 1.13 build runs through its
 *       slow non-mkldnn path); {@code peer_phase_*}: PyTorch with the transposed convolutions computed like ours
 *       (2x2 phase convolution), i.e. the same operations; {@code *_resize}: RESIZE_CONV up-sampling; {@code *_shuffle}: the
 *       3x3-convolution + depth-to-space transposed convolution instead of the 2x2 phase one.
 * </ul>
 *
 * System properties: {@code bench.rounds} (default 5), {@code bench.python} (default /usr/bin/python3),
 * {@code bench.peer} (path of peer_pix2pix.py, default bench/peer_pix2pix.py), {@code bench.variants}
 * (default true: also resize and shuffle).
 */
public final class NetworkBench {
    static final int TRAIN_BATCH = 4;
    static final int TRAIN_SIZE = 128;
    static final int FORWARD_SIZE = 256;
    static final int GENERAL_BATCH = 8;

    private NetworkBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("check")) {
            crossCheck(Paths.get(args[1]), 32, 6, 64, 2);
            return;
        }
        Map<String, Double> r = run();
        for (Map.Entry<String, Double> e : r.entrySet()) {
            System.out.println(String.format(Locale.ROOT, "%-32s %10.2f", e.getKey(), e.getValue()));
        }
    }

    /** The benchmark configuration of the GAN step (the reference's num_downs 6 has one dropout block). */
    public static ModelConfig trainModel(ModelConfig.Upsampling up) {
        return new ModelConfig().optSize(TRAIN_SIZE).optLevels(6).optFilters(32).optDropoutLayers(1)
                .optUpsampling(up);
    }

    /** The built-in {@code general}'s network (7 levels, 32 filters, 3 dropout blocks) with hints, at 256 px. */
    static ModelConfig generalHintsModel() {
        return new ModelConfig().optSize(256).optLevels(7).optFilters(32).optDropoutLayers(3).optHints(true);
    }

    public static Map<String, Double> run() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        boolean variants = Boolean.parseBoolean(System.getProperty("bench.variants", "true"));
        Map<String, List<Double>> t = new LinkedHashMap<>();
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager m = Engines.pytorch().newBaseManager(); Peer peer = Peer.start()) {
            List<Case> cases = new ArrayList<>();
            cases.add(new ForwardCase("g_forward_ms_32f6l", m, 32, 6, ModelConfig.Upsampling.TRANSPOSED,
                    TransposedConv.Method.PHASES, 10));
            cases.add(new ForwardCase("g_forward_ms_64f8l", m, 64, 8, ModelConfig.Upsampling.TRANSPOSED,
                    TransposedConv.Method.PHASES, 4));
            cases.add(new TrainCase("train_step_ms", m, ModelConfig.Upsampling.TRANSPOSED,
                    TransposedConv.Method.PHASES, 3));
            // the built-in general's network with hint inputs, batch 8 at 256 px: a hint fine-tune as run by users
            cases.add(new TrainCase("train_step_ms_general256_hints", m, generalHintsModel(), GENERAL_BATCH,
                    TransposedConv.Method.PHASES, null, 1));
            if (variants) {
                cases.add(new ForwardCase("g_forward_ms_32f6l_shuffle", m, 32, 6, ModelConfig.Upsampling.TRANSPOSED,
                        TransposedConv.Method.SHUFFLE, 10));
                cases.add(new ForwardCase("g_forward_ms_64f8l_shuffle", m, 64, 8, ModelConfig.Upsampling.TRANSPOSED,
                        TransposedConv.Method.SHUFFLE, 4));
                cases.add(new TrainCase("train_step_ms_shuffle", m, ModelConfig.Upsampling.TRANSPOSED,
                        TransposedConv.Method.SHUFFLE, 3));
                cases.add(new ForwardCase("g_forward_ms_32f6l_resize", m, 32, 6, ModelConfig.Upsampling.RESIZE_CONV,
                        TransposedConv.Method.PHASES, 10));
                cases.add(new ForwardCase("g_forward_ms_64f8l_resize", m, 64, 8, ModelConfig.Upsampling.RESIZE_CONV,
                        TransposedConv.Method.PHASES, 4));
                cases.add(new TrainCase("train_step_ms_resize", m, ModelConfig.Upsampling.RESIZE_CONV,
                        TransposedConv.Method.PHASES, 3));
            }
            for (Case c : cases) {
                c.warmUp();
            }
            for (int round = 0; round < rounds; round++) {
                for (Case c : cases) {
                    t.computeIfAbsent(c.key, k -> new ArrayList<>()).addAll(c.time());
                    if (peer != null && c.peerCommand != null) {
                        t.computeIfAbsent("peer_" + c.key, k -> new ArrayList<>()).addAll(peer.time(c.peerCommand));
                        // the peer computing its transposed convolutions the way we do (like-for-like)
                        String phase = c.peerCommand.replaceFirst("^(\\w+)", "$1_phase");
                        t.computeIfAbsent("peer_phase_" + c.key, k -> new ArrayList<>()).addAll(peer.time(phase));
                    }
                }
            }
            for (Case c : cases) {
                c.close();
            }
        }
        for (Map.Entry<String, List<Double>> e : t.entrySet()) {
            out.put(e.getKey(), median(e.getValue()));
        }
        double flops = trainFlops(trainModel(ModelConfig.Upsampling.TRANSPOSED));
        out.put("train_images_s", TRAIN_BATCH / (out.get("train_step_ms") / 1000));
        out.put("train_images_s_general256_hints", GENERAL_BATCH / (out.get("train_step_ms_general256_hints") / 1000));
        out.put("train_gflops", flops / 1e9 / (out.get("train_step_ms") / 1000));
        if (out.containsKey("peer_train_step_ms")) {
            out.put("peer_train_images_s", TRAIN_BATCH / (out.get("peer_train_step_ms") / 1000));
            out.put("peer_train_gflops", flops / 1e9 / (out.get("peer_train_step_ms") / 1000));
        }
        if (out.containsKey("train_step_ms_resize")) {
            out.put("train_gflops_resize", trainFlops(trainModel(ModelConfig.Upsampling.RESIZE_CONV)) / 1e9
                    / (out.get("train_step_ms_resize") / 1000));
        }
        return out;
    }

    /** Convolution FLOPs of one training step (see the class comment). */
    public static double trainFlops(ModelConfig mc) {
        Block g = Networks.generator(mc);
        Block d = Networks.discriminator(mc);
        double gf = forwardFlops(g, new Shape(TRAIN_BATCH, 1, TRAIN_SIZE, TRAIN_SIZE));
        double df = forwardFlops(d, new Shape(TRAIN_BATCH, 3, TRAIN_SIZE, TRAIN_SIZE));
        return 3 * gf + 8 * df;
    }

    /** 2 x multiply-adds of all convolutions of a forward pass (transposed ones counted as direct). */
    public static double forwardFlops(Block b, Shape input) {
        if (b instanceof Conv) {
            Shape o = b.getOutputShapes(new Shape[] {input})[0];
            Shape w = b.getParameters().get("weight").getShape();
            return 2.0 * input.get(1) * o.size() * w.get(2) * w.get(3);
        }
        if (b instanceof TransposedConv) {
            Shape o = b.getOutputShapes(new Shape[] {input})[0];
            return 2.0 * input.size() * o.get(1) * 16;
        }
        if (b instanceof ResizeConv) {
            Shape up = new Shape(input.get(0), input.get(1), 2 * input.get(2), 2 * input.get(3));
            return forwardFlops(b.getChildren().valueAt(0), up);
        }
        // composite blocks: each child sees the shape the previous one produced (U-Net block: down, norm,
        // submodule, up, norm; PatchGAN: its layer sequence)
        double sum = 0;
        Shape s = input;
        for (Pair<String, Block> c : b.getChildren()) {
            sum += forwardFlops(c.getValue(), s);
            s = c.getValue().getOutputShapes(new Shape[] {s})[0];
        }
        return sum;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private abstract static class Case implements AutoCloseable {
        final String key;
        final String peerCommand;
        final int iterations;

        Case(String key, String peerCommand, int iterations) {
            this.key = key;
            this.peerCommand = peerCommand;
            this.iterations = iterations;
        }

        abstract void once();

        void warmUp() {
            once();
            once();
        }

        List<Double> time() {
            List<Double> t = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                once();
                t.add((System.nanoTime() - t0) / 1e6);
            }
            return t;
        }

        @Override
        public void close() {}
    }

    private static final class ForwardCase extends Case {
        final NDManager manager;
        final Block g;
        final NDArray x;

        ForwardCase(String key, NDManager parent, int filters, int levels, ModelConfig.Upsampling up,
                TransposedConv.Method method, int iterations) {
            super(key, up == ModelConfig.Upsampling.TRANSPOSED && method == TransposedConv.Method.PHASES
                    ? "gfwd " + filters + " " + levels + " " + FORWARD_SIZE + " " + iterations : null, iterations);
            manager = parent.newSubManager();
            g = Networks.generator(new ModelConfig().optSize(FORWARD_SIZE).optLevels(levels).optFilters(filters)
                    .optUpsampling(up));
            Networks.setTransposedMethod(g, method);
            Networks.initialize(g, manager, new Shape(1, 1, FORWARD_SIZE, FORWARD_SIZE), 1);
            x = manager.randomUniform(-1, 1, new Shape(1, 1, FORWARD_SIZE, FORWARD_SIZE));
        }

        @Override
        void once() {
            try (NDManager sm = manager.newSubManager(); TorchOps.GradMode off = TorchOps.gradMode(false)) {
                x.tempAttach(sm);
                NDArray y = g.forward(new ParameterStore(sm, false), new NDList(x), false).singletonOrThrow();
                y.getFloat(0, 0, 0, 0); // wait for the result
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private static final class TrainCase extends Case {
        final NDManager manager;
        final GanStep step;
        final NDArray l;
        final NDArray ab;

        TrainCase(String key, NDManager parent, ModelConfig.Upsampling up, TransposedConv.Method method,
                int iterations) {
            this(key, parent, trainModel(up), TRAIN_BATCH, method, up == ModelConfig.Upsampling.TRANSPOSED
                    && method == TransposedConv.Method.PHASES ? "train " + iterations : null, iterations);
        }

        TrainCase(String key, NDManager parent, ModelConfig mc, int batch, TransposedConv.Method method,
                String peerCommand, int iterations) {
            super(key, peerCommand, iterations);
            manager = parent.newSubManager();
            int size = mc.getSize();
            Block g = Networks.generator(mc);
            Block d = Networks.discriminator(mc);
            Networks.setTransposedMethod(g, method);
            Networks.initialize(g, manager, Networks.generatorInput(mc, batch, size, size), 1);
            Networks.initialize(d, manager, new Shape(batch, 3, size, size), 2);
            step = new GanStep(g, d, new TrainingConfig().optModel(mc).optBatch(batch), manager);
            l = manager.randomUniform(-1, 1, new Shape(batch, 1, size, size));
            ab = manager.randomUniform(-1, 1, new Shape(batch, 2, size, size));
        }

        @Override
        void once() {
            step.step(l, ab, true); // a hint-aware generator gets empty hint planes from GanStep
        }

        @Override
        public void close() {
            step.close();
            manager.close();
        }
    }

    /** The PyTorch peer process, answering timing commands on stdin/stdout; null when python3-torch is missing. */
    static final class Peer implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final Writer cmd;

        private Peer(Process process) {
            this.process = process;
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            cmd = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Peer start() throws IOException {
            String python = System.getProperty("bench.python", "/usr/bin/python3");
            String script = System.getProperty("bench.peer", "bench/peer_pix2pix.py");
            if (!new File(python).canExecute() || !new File(script).isFile()) {
                System.err.println("peer: " + python + " or " + script + " not found; measuring DJL only");
                return null;
            }
            ProcessBuilder pb = new ProcessBuilder(python, script, "--serve");
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(Runtime.getRuntime().availableProcessors()));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Peer p = new Peer(pb.start());
            String hello = p.in.readLine();
            if (hello == null || !hello.startsWith("ready")) {
                System.err.println("peer: did not start (" + hello + "); measuring DJL only");
                p.close();
                return null;
            }
            System.err.println("peer: " + hello);
            return p;
        }

        List<Double> time(String command) throws IOException {
            cmd.write(command + "\n");
            cmd.flush();
            String line = in.readLine();
            if (line == null || !line.startsWith("ms ")) {
                throw new IOException("peer answered '" + line + "' to '" + command + "'");
            }
            List<Double> t = new ArrayList<>();
            for (String s : line.substring(3).trim().split(" ")) {
                t.add(Double.parseDouble(s));
            }
            return t;
        }

        @Override
        public void close() {
            try {
                cmd.write("quit\n");
                cmd.flush();
            } catch (IOException e) {
                // already gone
            }
            process.destroy();
        }
    }

    /**
     * Writes a generator (dropout off) and the PatchGAN with random weights, inputs and outputs as raw float32 to
     * {@code dir}, for {@code peer_pix2pix.py --check dir} to compare with the reference networks.
     */
    public static void crossCheck(Path dir, int filters, int levels, int size, int batch) throws IOException {
        Files.createDirectories(dir);
        ModelConfig mc = new ModelConfig().optSize(size).optLevels(levels).optFilters(filters).optDropoutLayers(0);
        try (NDManager m = Engines.pytorch().newBaseManager(); TorchOps.GradMode off = TorchOps.gradMode(false)) {
            Block g = Networks.generator(mc);
            Block d = Networks.discriminator(mc);
            Networks.initialize(g, m, new Shape(batch, 1, size, size), 1);
            Networks.initialize(d, m, new Shape(batch, 3, size, size), 2);
            // non-trivial BatchNorm statistics and biases, so that the comparison sees them
            for (Block b : new Block[] {g, d}) {
                for (Pair<String, Parameter> p : b.getParameters()) {
                    if (!p.getKey().endsWith("weight")) {
                        NDArray a = p.getValue().getArray();
                        TorchOps.copyInto(a.add(m.randomUniform(0.1f, 0.5f, a.getShape())), a);
                    }
                }
            }
            write(dir, "g", g);
            write(dir, "d", d);
            NDArray l = m.randomUniform(-1, 1, new Shape(batch, 1, size, size));
            NDArray ab = m.randomUniform(-1, 1, new Shape(batch, 2, size, size));
            raw(dir.resolve("l.bin"), l);
            raw(dir.resolve("ab.bin"), ab);
            raw(dir.resolve("g_eval.bin"), g.forward(new ParameterStore(m, false), new NDList(l), false).head());
            raw(dir.resolve("g_train.bin"), g.forward(new ParameterStore(m, false), new NDList(l), true).head());
            NDArray in = NDArrays.concat(new NDList(l, ab), 1);
            raw(dir.resolve("d_train.bin"), d.forward(new ParameterStore(m, false), new NDList(in), true).head());
            Files.write(dir.resolve("meta.txt"), (filters + " " + levels + " " + size + " " + batch + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void write(Path dir, String prefix, Block b) throws IOException {
        int i = 0;
        for (NDArray a : Networks.torchLayoutParameters(b)) {
            raw(dir.resolve(String.format(Locale.ROOT, "%s_%03d.bin", prefix, i++)), a);
        }
    }

    private static void raw(Path file, NDArray a) throws IOException {
        float[] v = a.toFloatArray();
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        Files.write(file, bb.array());
    }
}
