package org.colorizer.color;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.colorizer.color.ImagePlanes.Kind;
import org.colorizer.color.ImagePlanes.Plane;

/**
 * Exact percentiles and min/max of gray planes, without sorting or copying the data.
 *
 * <p>Percentiles follow numpy's default ("linear"): for n samples, rank h = (n - 1) p / 100 and the value
 * x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) of the sorted samples. 8- and 16-bit: one histogram
 * pass. Float: NaN and infinities are ignored; one min/max pass, one 65536-bin histogram pass over [min, max],
 * then the samples of the bins holding the wanted ranks are collected and sorted (a bin with more than 4 M
 * samples is refined by another histogram pass over its own range). Exact; O(n) per pass, typically 3 passes,
 * memory O(bins + collected samples). Passes run on {@link Parallel#defaultThreads()} threads.
 */
final class Percentiles {
    static final int BINS = 1 << 16;
    static final int COLLECT_LIMIT = 1 << 22;

    private Percentiles() {}

    /** Count of finite samples, min and max (NaN if none). */
    static final class Stats {
        long count;
        double min = Double.NaN;
        double max = Double.NaN;
    }

    /** {@code planes} may be a lazy list (each get() may copy a slice): it is only iterated, once per pass. */
    static Stats stats(List<Plane> planes, Kind kind) {
        Stats st = new Stats();
        if (kind == Kind.GRAY8 || kind == Kind.GRAY16) {
            long[] hist = intHistogram(planes, kind);
            for (int v = 0; v < hist.length; v++) {
                if (hist[v] > 0) {
                    if (st.count == 0) {
                        st.min = v;
                    }
                    st.max = v;
                    st.count += hist[v];
                }
            }
            return st;
        }
        requireFloat(kind);
        float[] min = {Float.POSITIVE_INFINITY};
        float[] max = {Float.NEGATIVE_INFINITY};
        long[] count = {0};
        for (Plane p : planes) {
            checkKind(p, kind);
            float[] a = (float[]) p.array;
            Parallel.run(p.length, Parallel.defaultThreads(), (from, to) -> {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                long c = 0;
                for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                    float x = a[i];
                    if (x - x == 0f) { // finite
                        c++;
                        lo = Math.min(lo, x);
                        hi = Math.max(hi, x);
                    }
                }
                synchronized (count) {
                    count[0] += c;
                    min[0] = Math.min(min[0], lo);
                    max[0] = Math.max(max[0], hi);
                }
            });
        }
        st.count = count[0];
        if (st.count > 0) {
            st.min = min[0];
            st.max = max[0];
        }
        return st;
    }

    /** Percentiles (0..100) of the finite samples; NaN if there are none. */
    static double[] percentiles(List<Plane> planes, Kind kind, double... percents) {
        double[] out = new double[percents.length];
        Arrays.fill(out, Double.NaN);
        if (kind == Kind.GRAY8 || kind == Kind.GRAY16) {
            long[] hist = intHistogram(planes, kind);
            long n = 0;
            for (long c : hist) {
                n += c;
            }
            for (int i = 0; i < percents.length; i++) {
                long[] ranks = ranks(n, percents[i]);
                out[i] = interpolate(n, percents[i], histRank(hist, ranks[0]), histRank(hist, ranks[1]));
            }
            return out;
        }
        requireFloat(kind);
        Stats st = stats(planes, kind);
        if (st.count == 0) {
            return out;
        }
        long[] all = new long[2 * percents.length];
        for (int i = 0; i < percents.length; i++) {
            long[] r = ranks(st.count, percents[i]);
            all[2 * i] = r[0];
            all[2 * i + 1] = r[1];
        }
        double[] values = new double[all.length];
        int[] which = new int[all.length];
        for (int i = 0; i < which.length; i++) {
            which[i] = i;
        }
        select(planes, (float) st.min, (float) st.max, 0, all, which, values, 0);
        for (int i = 0; i < percents.length; i++) {
            out[i] = interpolate(st.count, percents[i], values[2 * i], values[2 * i + 1]);
        }
        return out;
    }

    private static void checkKind(Plane p, Kind kind) {
        if (p.kind != kind) {
            throw new IllegalArgumentException("a " + p.kind + " plane among " + kind + " planes");
        }
    }

    private static void requireFloat(Kind kind) {
        if (kind != Kind.GRAY32) {
            throw new IllegalArgumentException("percentiles of " + kind + " samples are not defined");
        }
    }

    /** The two order statistics (0-based) that the linear percentile interpolates between. */
    private static long[] ranks(long n, double p) {
        double h = (n - 1) * (Math.min(100, Math.max(0, p)) / 100.0);
        long k = (long) Math.floor(h);
        return new long[] {k, Math.min(n - 1, k + 1)};
    }

    private static double interpolate(long n, double p, double lo, double hi) {
        double h = (n - 1) * (Math.min(100, Math.max(0, p)) / 100.0);
        double frac = h - Math.floor(h);
        return frac == 0 ? lo : lo + frac * (hi - lo);
    }

    private static double histRank(long[] hist, long rank) {
        long cum = 0;
        for (int v = 0; v < hist.length; v++) {
            cum += hist[v];
            if (rank < cum) {
                return v;
            }
        }
        return Double.NaN;
    }

    static long[] intHistogram(List<Plane> planes, Kind kind) {
        boolean eight = kind == Kind.GRAY8;
        long[] total = new long[eight ? 256 : 65536];
        for (Plane p : planes) {
            checkKind(p, kind);
            Parallel.run(p.length, Parallel.defaultThreads(), (from, to) -> {
                int[] h = new int[total.length];
                if (eight) {
                    byte[] a = (byte[]) p.array;
                    for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                        h[a[i] & 0xff]++;
                    }
                } else {
                    short[] a = (short[]) p.array;
                    for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                        h[a[i] & 0xffff]++;
                    }
                }
                synchronized (total) {
                    for (int v = 0; v < h.length; v++) {
                        total[v] += h[v];
                    }
                }
            });
        }
        return total;
    }

    /**
     * Finds the order statistics {@code ranks[which[..]]} among the finite samples in [lo, hi], of which
     * {@code below} samples lie under lo; results go to {@code out[which[..]]}.
     */
    private static void select(List<Plane> planes, float lo, float hi, long below, long[] ranks, int[] which,
            double[] out, int depth) {
        if (lo == hi) {
            for (int w : which) {
                out[w] = lo;
            }
            return;
        }
        double scale = BINS / ((double) hi - lo);
        long[] hist = floatHistogram(planes, lo, hi, scale);
        long[] before = new long[BINS + 1];
        for (int j = 0; j < BINS; j++) {
            before[j + 1] = before[j] + hist[j];
        }
        // bin of each wanted rank, grouped by bin
        List<Integer> bins = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int w : which) {
            long target = ranks[w] - below;
            int j = upperBound(before, target) - 1; // before[j] <= target < before[j + 1]
            int at = bins.indexOf(j);
            if (at < 0) {
                bins.add(j);
                members.add(new ArrayList<>());
                at = bins.size() - 1;
            }
            members.get(at).add(w);
        }
        List<Integer> small = new ArrayList<>();
        List<Integer> big = new ArrayList<>();
        for (int g = 0; g < bins.size(); g++) {
            (hist[bins.get(g)] <= COLLECT_LIMIT || depth >= 8 ? small : big).add(g);
        }
        if (!small.isEmpty()) {
            int[] wanted = new int[small.size()];
            float[][] buffers = new float[small.size()][];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = bins.get(small.get(i));
                buffers[i] = new float[(int) hist[wanted[i]]];
            }
            collect(planes, lo, hi, scale, wanted, buffers);
            for (int i = 0; i < wanted.length; i++) {
                Arrays.sort(buffers[i]);
                for (int w : members.get(small.get(i))) {
                    out[w] = buffers[i][(int) (ranks[w] - below - before[wanted[i]])];
                }
            }
        }
        for (int g : big) {
            int j = bins.get(g);
            float[] range = binRange(planes, lo, hi, scale, j);
            int[] sub = members.get(g).stream().mapToInt(Integer::intValue).toArray();
            select(planes, range[0], range[1], below + before[j], ranks, sub, out, depth + 1);
        }
    }

    private static int upperBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int bin(float x, float lo, double scale) {
        int j = (int) (((double) x - lo) * scale);
        return j < BINS ? j : BINS - 1;
    }

    private static long[] floatHistogram(List<Plane> planes, float lo, float hi, double scale) {
        long[] total = new long[BINS];
        for (Plane p : planes) {
            float[] a = (float[]) p.array;
            Parallel.run(p.length, Parallel.defaultThreads(), (from, to) -> {
                int[] h = new int[BINS];
                for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                    float x = a[i];
                    if (x >= lo && x <= hi) {
                        h[bin(x, lo, scale)]++;
                    }
                }
                synchronized (total) {
                    for (int v = 0; v < BINS; v++) {
                        total[v] += h[v];
                    }
                }
            });
        }
        return total;
    }

    private static void collect(List<Plane> planes, float lo, float hi, double scale, int[] wanted,
            float[][] buffers) {
        AtomicInteger[] fill = new AtomicInteger[wanted.length];
        for (int i = 0; i < fill.length; i++) {
            fill[i] = new AtomicInteger();
        }
        for (Plane p : planes) {
            float[] a = (float[]) p.array;
            Parallel.run(p.length, Parallel.defaultThreads(), (from, to) -> {
                for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                    float x = a[i];
                    if (x >= lo && x <= hi) {
                        int j = bin(x, lo, scale);
                        for (int k = 0; k < wanted.length; k++) {
                            if (wanted[k] == j) {
                                buffers[k][fill[k].getAndIncrement()] = x;
                            }
                        }
                    }
                }
            });
        }
    }

    /** Smallest and largest sample falling in bin {@code j}. */
    private static float[] binRange(List<Plane> planes, float lo, float hi, double scale, int j) {
        float[] r = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (Plane p : planes) {
            float[] a = (float[]) p.array;
            Parallel.run(p.length, Parallel.defaultThreads(), (from, to) -> {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = p.offset + from, e = p.offset + to; i < e; i++) {
                    float x = a[i];
                    if (x >= lo && x <= hi && bin(x, lo, scale) == j) {
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                    }
                }
                synchronized (r) {
                    r[0] = Math.min(r[0], min);
                    r[1] = Math.max(r[1], max);
                }
            });
        }
        return r;
    }
}
