package org.colorizer.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.colorizer.color.ImagePlanes;
import org.colorizer.color.LabConverter;
import org.colorizer.color.Normalization;
import org.colorizer.color.Parallel;

/**
 * Throughput of the color pipeline in megapixels per second (best of several timed runs after warm-up):
 * sRGB -&gt; Lab and Lab -&gt; sRGB on a random 4096 x 4096 image with 1 thread and all threads, and
 * L / ab planes -&gt; N x C x H x W tensor -&gt; planes through DJL, and exact float percentiles.
 */
public final class ColorBench {
    private static final int SIZE = 4096;
    private static final int RUNS = 5;

    private ColorBench() {}

    /** Runs all benchmarks; keys are described in {@link #main}. */
    public static Map<String, Double> run() {
        return run(SIZE, SIZE);
    }

    /** Runs all benchmarks on a {@code w x h} random image. */
    public static Map<String, Double> run(int w, int h) {
        int n = w * h;
        SplittableRandom rnd = new SplittableRandom(1);
        int[] argb = new int[n];
        for (int i = 0; i < n; i++) {
            argb[i] = 0xff000000 | rnd.nextInt(1 << 24);
        }
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        int[] back = new int[n];
        LabConverter one = new LabConverter(1);
        LabConverter all = LabConverter.allCores();

        Map<String, Double> r = new LinkedHashMap<>();
        double toLab1 = mpx(n, () -> one.rgbToLab(argb, 0, n, l, a, b, 0));
        double toRgb1 = mpx(n, () -> one.labToRgb(l, a, b, 0, n, back, 0));
        double toLab = mpx(n, () -> all.rgbToLab(argb, 0, n, l, a, b, 0));
        double toRgb = mpx(n, () -> all.labToRgb(l, a, b, 0, n, back, 0));
        if (!Arrays.equals(argb, back)) {
            throw new IllegalStateException("Lab round trip changed colors");
        }
        r.put("lab_mpx_s", Math.min(toLab, toRgb));
        r.put("rgb_to_lab_mpx_s", toLab);
        r.put("lab_to_rgb_mpx_s", toRgb);
        r.put("lab_mpx_s_1thread", Math.min(toLab1, toRgb1));
        r.put("rgb_to_lab_mpx_s_1thread", toLab1);
        r.put("lab_to_rgb_mpx_s_1thread", toRgb1);
        r.put("threads", (double) all.threads());
        r.put("percentile_float_msamples_s", percentileMsamples(l, w, h));
        return r;
    }

    /** Exact 0.1/99.9 percentiles of a float image (the L plane), in million samples per second. */
    private static double percentileMsamples(float[] l, int w, int h) {
        ImagePlanes img = ImagePlanes.of(ImagePlanes.Kind.GRAY32, w, h, Collections.singletonList(l));
        return mpx((long) w * h, () -> Normalization.percentile().resolve(img));
    }

    /** Best of {@link #RUNS} timed runs after two warm-up runs, in megapixels per second. */
    private static double mpx(long pixels, Runnable task) {
        task.run();
        task.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return pixels / (best / 1e3);
    }

    /**
     * Prints: lab_mpx_s (all threads, the slower of the two directions), rgb_to_lab_mpx_s, lab_to_rgb_mpx_s
     * (all threads), the same with _1thread, and percentile_float_msamples_s.
     */
    public static void main(String[] args) {
        Map<String, Double> r = run();
        for (Map.Entry<String, Double> e : r.entrySet()) {
            System.out.printf(Locale.ROOT, "%s = %.1f%n", e.getKey(), e.getValue());
        }
        System.out.println("default threads = " + Parallel.defaultThreads());
    }
}
