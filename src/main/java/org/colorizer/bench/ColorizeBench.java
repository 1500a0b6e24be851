package org.colorizer.bench;

import ai.djl.Device;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.colorize.ImageColorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.colorize.Preview;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.colorizer.hints.Reach;
import org.colorizer.interop.IoPreset;
import org.colorizer.interop.NetworkImport;
import org.colorizer.interop.OnnxExport;
import org.colorizer.io.ImageFiles;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.HintInputs;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.UntrainedModels;
import org.colorizer.training.TrainingConfig;
import org.colorizer.training.TrainingListener;
import org.colorizer.training.TrainingRun;

/**
 * End-to-end colorize figures: a 1-megapixel image (decode excluded) with the network's share, a folder of
 * 50 photos of about 0.5 MP, and the peak heap of a 20,000 x 20,000 image in a forked JVM with -Xmx4g.
 */
public final class ColorizeBench {
    private ColorizeBench() {}

    /** The built-in general model if this build has it, else an untrained network of the CPU default shape. */
    static Colorizer defaultColorizer(Path tmp) throws Exception {
        if (BuiltinModels.available(BuiltinModels.GENERAL)) {
            return Colorizer.open("", Device.cpu());
        }
        Path f = tmp.resolve("default-untrained.zip");
        UntrainedModels.write(f, new ModelConfig(), 1);
        return Colorizer.load(f, Device.cpu());
    }

    public static ImagePlus grayImage(int w, int h, long seed) {
        byte[] px = new byte[w * h];
        Random r = new Random(seed);
        double fx = 0.01 + 0.02 * r.nextDouble();
        double fy = 0.01 + 0.02 * r.nextDouble();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (128 + 100 * Math.sin(x * fx) * Math.cos(y * fy) + r.nextInt(16));
            }
        }
        return new ImagePlus("bench", new ByteProcessor(w, h, px));
    }

    /** Puts the figures into {@code m} as they are measured (those before a failure stay there). */
    public static void run(boolean huge, Map<String, Double> m) throws Exception {
        Path tmp = Files.createTempDirectory("colorizer-bench");
        try (Colorizer c = defaultColorizer(tmp)) {
            ImagePlus img = grayImage(1155, 866, 1); // 1.0 MP
            time1mp(c, img, m, "");
            // the same at 256 px, the built-in model's earlier working size: the work outside the network stays,
            // the network's shrinks (the built-in model's default is 384 px)
            time1mp(c.withWorkingSize(256), img, m, "_ws256");
            hints(c, img, tmp, m);

            Path in = Files.createDirectories(tmp.resolve("photos"));
            for (int i = 0; i < 50; i++) {
                ImagePlus p = grayImage(816, 612, 100 + i);
                ImageFiles.writePng(in.resolve(String.format("p%02d.png", i)), toArgb(p), 816, 612);
            }
            FolderJob.Summary s = new FolderJob(c).optOutput(tmp.resolve("out")).run(Collections.singletonList(in));
            m.put("colorize_folder_images_s", s.done / s.seconds);
        } finally {
            deleteTree(tmp);
        }
        if (huge) {
            m.put("colorize_20k_heap_mb", forkHuge());
        }
    }

    /**
     * Colorizing with 10 hints ({@code colorize_1mp_hints10_ms}, timed alternately with the same without hints:
     * {@code colorize_1mp_nohints_alternating_ms}, {@code colorize_1mp_hints10_ratio}; with the reach wide:
     * {@code colorize_1mp_hints10_wide_ms}, {@code colorize_1mp_hints10_wide_ratio}) and one live-preview
     * update of the Hint Tool ({@code preview_ms}: 1 MP image, 256 px working size, shown at most 1024 px long).
     * A model without hint inputs is timed as its zero-initialized hint-aware copy: the same work.
     */
    private static void hints(Colorizer c, ImagePlus img, Path tmp, Map<String, Double> m) throws Exception {
        Colorizer h = c;
        if (!c.takesHints()) {
            Path f = tmp.resolve("hint-aware.zip");
            HintInputs.write(BuiltinModels.available(BuiltinModels.GENERAL)
                    ? BuiltinModels.read(BuiltinModels.GENERAL) : ModelFile.read(
                            tmp.resolve("default-untrained.zip")), "the default model", f);
            h = Colorizer.load(f, Device.cpu());
        }
        try {
            List<Hint> list = new ArrayList<>();
            Random r = new Random(10);
            for (int i = 0; i < 10; i++) {
                list.add(Hint.disk(r.nextInt(img.getWidth()), r.nextInt(img.getHeight()), 4,
                        (float) (60 * r.nextDouble() - 30), (float) (60 * r.nextDouble() - 30)));
            }
            HintSet hs = new HintSet(img.getWidth(), img.getHeight(), list);
            Colorizer hc = h;
            Colorizer wide = h.withTile(0).withReach(Reach.WIDE, "wide");
            // timed alternately with the same image without hints, so that a shared machine's drift hits all
            double[] pair = timeMedians(() -> ImageColorizer.colorize(hc, img, null),
                    () -> ImageColorizer.colorize(hc, img, ImageColorizer.defaultNormalization(img), hs, null),
                    () -> ImageColorizer.colorize(wide, img, ImageColorizer.defaultNormalization(img), hs, null));
            m.put("colorize_1mp_hints10_ms", pair[1]);
            m.put("colorize_1mp_nohints_alternating_ms", pair[0]);
            m.put("colorize_1mp_hints10_ratio", pair[1] / pair[0]);
            m.put("colorize_1mp_hints10_wide_ms", pair[2]);
            m.put("colorize_1mp_hints10_wide_ratio", pair[2] / pair[0]);
            Colorizer pc = h.withTile(0).withWorkingSize(256);
            Lightness l = Preview.lightness(img).get(0);
            int[] size = Preview.size(img.getWidth(), img.getHeight(), 1024);
            m.put("preview_ms", timeMedian(() -> Preview.render(pc, l, hs, size[0], size[1])));
        } finally {
            if (h != c) {
                h.close();
            }
        }
    }

    /**
     * The built-in general model exported to ONNX and imported back ({@code colorize_1mp_ms_onnx}), and the same
     * network as TorchScript ({@code colorize_1mp_ms_torchscript}; made from the ONNX file by
     * {@code bench/onnx_to_torchscript.py} where {@code bench.python}, default /usr/bin/python3, has torch and
     * onnx), timed alternately with the built-in model ({@code colorize_1mp_builtin_alternating_ms}) at its working
     * size; {@code colorize_1mp_onnx_ratio} and {@code colorize_1mp_torchscript_ratio} are to that.
     */
    public static void imported(Map<String, Double> m) throws Exception {
        if (!BuiltinModels.available(BuiltinModels.GENERAL)) {
            return;
        }
        Path tmp = Files.createTempDirectory("colorizer-bench-imported");
        try (Colorizer c = Colorizer.open(BuiltinModels.GENERAL, Device.cpu())) {
            imported(c, grayImage(1155, 866, 1), tmp, m);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void imported(Colorizer c, ImagePlus img, Path tmp, Map<String, Double> m) throws Exception {
        Path onnx = tmp.resolve("general.onnx");
        try (OnnxExport e = OnnxExport.open(BuiltinModels.read(BuiltinModels.GENERAL), "built-in model 'general'")) {
            e.write(onnx);
        }
        Path onnxModel = tmp.resolve("general-onnx.zip");
        NetworkImport.run(onnx, IoPreset.COLORIZER, 0, null, onnxModel);
        Path pt = tmp.resolve("general.pt");
        Path ptModel = null;
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        String script = System.getProperty("bench.onnx2ts", "bench/onnx_to_torchscript.py");
        if (new File(python).canExecute() && new File(script).isFile()) {
            Process p = new ProcessBuilder(python, script, onnx.toString(), pt.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() == 0 && Files.isRegularFile(pt)) {
                ptModel = tmp.resolve("general-pt.zip");
                NetworkImport.run(pt, IoPreset.COLORIZER, c.description().model.getSize(), null, ptModel);
            }
        }
        if (ptModel == null) {
            System.err.println("bench: no TorchScript timing (" + python + " with torch and onnx, and " + script
                    + ", are needed to make one)");
        }
        try (Colorizer o = Colorizer.load(onnxModel, Device.cpu());
                Colorizer t = ptModel == null ? null : Colorizer.load(ptModel, Device.cpu())) {
            List<Runnable> tasks = new ArrayList<>();
            tasks.add(() -> ImageColorizer.colorize(c, img, null));
            tasks.add(() -> ImageColorizer.colorize(o, img, null));
            if (t != null) {
                // the exported description is not in a TorchScript file: the built-in model's working size
                Colorizer tv = t.withWorkingSize(c.workingSize());
                tasks.add(() -> ImageColorizer.colorize(tv, img, null));
            }
            double[] ms = timeMedians(tasks.toArray(new Runnable[0]));
            m.put("colorize_1mp_builtin_alternating_ms", ms[0]);
            m.put("colorize_1mp_ms_onnx", ms[1]);
            m.put("colorize_1mp_onnx_ratio", ms[1] / ms[0]);
            if (t != null) {
                m.put("colorize_1mp_ms_torchscript", ms[2]);
                m.put("colorize_1mp_torchscript_ratio", ms[2] / ms[0]);
            }
        }
    }

    /**
     * Medians (ms) of 20 timed runs of each task, the tasks run in turn (so that a shared machine's drift hits them
     * alike), after a warm-up of all of them (at least 5 rounds and 3 s).
     */
    private static double[] timeMedians(Runnable... tasks) {
        long warm = System.nanoTime();
        for (int i = 0; i < 5 || System.nanoTime() - warm < 3_000_000_000L; i++) {
            for (Runnable task : tasks) {
                task.run();
            }
        }
        List<List<Double>> times = new ArrayList<>();
        for (int k = 0; k < tasks.length; k++) {
            times.add(new ArrayList<>());
        }
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k < tasks.length; k++) {
                long t0 = System.nanoTime();
                tasks[k].run();
                times.get(k).add((System.nanoTime() - t0) / 1e6);
            }
        }
        double[] medians = new double[tasks.length];
        for (int k = 0; k < tasks.length; k++) {
            medians[k] = median(times.get(k));
        }
        return medians;
    }

    /** Median of 20 timed runs after a warm-up of at least 5 runs and 3 s, in milliseconds. */
    private static double timeMedian(Runnable task) {
        return timeMedians(task)[0];
    }

    /** Warms up for 3 s (the JIT compiles the per-pixel loops only after many calls), then times 20 runs. */
    private static void time1mp(Colorizer c, ImagePlus img, Map<String, Double> m, String suffix) {
        long warm = System.nanoTime();
        for (int i = 0; i < 5 || System.nanoTime() - warm < 3_000_000_000L; i++) {
            ImageColorizer.colorize(c, img, null);
        }
        List<Double> total = new ArrayList<>();
        List<Double> net = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long n0 = c.networkNanos();
            long t0 = System.nanoTime();
            ImageColorizer.colorize(c, img, null);
            total.add((System.nanoTime() - t0) / 1e6);
            net.add((c.networkNanos() - n0) / 1e6);
        }
        m.put("colorize_1mp" + suffix + "_ms", median(total));
        m.put("colorize_network" + suffix + "_ms", median(net));
        m.put("colorize_outside_network_share" + suffix, 1 - median(net) / median(total));
    }

    /**
     * Colorize Folder over 2,000 generated images: heap after a GC and resident set size at 100 and at 2,000
     * images (flat means no leak of NDArrays, native memory or Java objects), put into {@code m} as measured.
     */
    public static void memory(Map<String, Double> m) throws Exception {
        Path tmp = Files.createTempDirectory("colorizer-memory");
        try (Colorizer c = defaultColorizer(tmp)) {
            Path in = Files.createDirectories(tmp.resolve("in"));
            for (int i = 0; i < 2000; i++) {
                ImagePlus p = grayImage(160, 120, i);
                ImageFiles.writePng(in.resolve(String.format("g%04d.png", i)), toArgb(p), 160, 120);
            }
            FolderJob job = new FolderJob(c).optOutput(tmp.resolve("out")).optListener((done, total, input, o, r) -> {
                if (done == 100 || done == 2000) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    m.put("folder_heap_mb_at_" + done, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                    m.put("folder_rss_mb_at_" + done, rssMb());
                }
                return true;
            });
            job.run(Collections.singletonList(in));
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Training memory: a 1,000-step run (32 filters, 6 levels, batch 4 at 64 px, GAN from the start, checkpoints
     * every 100 steps) on generated photos; resident set size and heap after a GC at steps 100 and 1,000, put
     * into {@code m} as measured (the figures at step 100 stay when a later step fails).
     */
    public static void trainingMemory(Map<String, Double> m) throws Exception {
        Path tmp = Files.createTempDirectory("colorizer-train-memory");
        try {
            Path data = Files.createDirectories(tmp.resolve("data"));
            for (int i = 0; i < 64; i++) {
                ImagePlus p = grayImage(96, 96, i);
                int[] argb = toArgb(p);
                for (int k = 0; k < argb.length; k++) { // tint so the images have color
                    int v = argb[k] & 255;
                    argb[k] = 0xFF000000 | v << 16 | (v * 3 / 4) << 8 | (255 - v);
                }
                ImageFiles.writePng(data.resolve(String.format("c%02d.png", i)), argb, 96, 96);
            }
            TrainingConfig cfg = new TrainingConfig()
                    .optModel(new ModelConfig().optSize(64).optLevels(6).optFilters(32))
                    .optBatch(4).optEpochs(1).optStepsPerEpoch(1000).optCheckpointEvery(100);
            new TrainingRun(cfg, data, tmp.resolve("m.zip"))
                    .optListener(new TrainingListener() {
                        @Override
                        public void step(Progress p) {
                            if (p.step == 100 || p.step == 1000) {
                                System.gc();
                                Runtime rt = Runtime.getRuntime();
                                m.put("train_heap_mb_at_" + p.step, (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                                m.put("train_rss_mb_at_" + p.step, rssMb());
                            }
                        }
                    }).call();
        } finally {
            deleteTree(tmp);
        }
    }

    /** Resident set size of this process (Linux), MiB. */
    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }

    public static int[] toArgb(ImagePlus p) {
        byte[] g = (byte[]) p.getProcessor().getPixels();
        int[] a = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            int v = g[i] & 255;
            a[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return a;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** Runs {@link #main} in a JVM with a 4 GiB heap and returns its peak heap in MiB; throws if it fails. */
    static double forkHuge() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx4g", "-cp", System.getProperty("java.class.path"),
                ColorizeBench.class.getName(), "20000");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        double peak = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("peak_heap_mb=")) {
                    peak = Double.parseDouble(line.substring("peak_heap_mb=".length()));
                } else {
                    System.err.println("  [20k] " + line);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("the forked JVM colorizing the 20,000 x 20,000 image failed with status "
                    + rc + " (its output is above, marked [20k])");
        }
        if (Double.isNaN(peak)) {
            throw new IllegalStateException("the forked JVM colorizing the 20,000 x 20,000 image printed no peak heap");
        }
        return peak;
    }

    /** Colorizes an N x N 8-bit image (default 20,000) and prints the peak heap. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        Path tmp = Files.createTempDirectory("colorizer-huge");
        try (Colorizer c = defaultColorizer(tmp)) {
            ImagePlus img = grayImage(n, n, 5);
            long t0 = System.nanoTime();
            ImagePlus out = ImageColorizer.colorize(c, img, null);
            System.out.printf("colorized %dx%d in %.1f s (%d x %d out)%n", n, n, (System.nanoTime() - t0) / 1e9,
                    out.getWidth(), out.getHeight());
            long peak = 0;
            for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
                if (b.getType() == MemoryType.HEAP) {
                    peak += b.getPeakUsage().getUsed();
                }
            }
            System.out.println("peak_heap_mb=" + peak / (1024.0 * 1024.0));
        } finally {
            deleteTree(tmp);
        }
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
