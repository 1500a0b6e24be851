package org.colorizer.colorize;

/** Resampling of float planes (row-major, width x height): area averaging down, bilinear up. */
final class Planes {
    private Planes() {}

    /** 1-D resampling with strides; area average if shrinking, linear (pixel centres aligned) if enlarging. */
    static void resample1d(float[] src, int so, int ss, int sn, float[] dst, int dof, int ds, int dn) {
        if (dn == sn) {
            for (int i = 0; i < dn; i++) {
                dst[dof + i * ds] = src[so + i * ss];
            }
            return;
        }
        double scale = (double) sn / dn;
        if (dn < sn) {
            AreaKernel k = new AreaKernel(sn, dn);
            for (int i = 0; i < dn; i++) {
                float sum = 0;
                for (int j = k.start[i], e = k.start[i + 1]; j < e; j++) {
                    sum += k.weight[j] * src[so + k.index[j] * ss];
                }
                dst[dof + i * ds] = sum;
            }
        } else {
            for (int i = 0; i < dn; i++) {
                double f = (i + 0.5) * scale - 0.5;
                int k = (int) Math.floor(f);
                double t = f - k;
                int k0 = Math.max(0, Math.min(sn - 1, k));
                int k1 = Math.max(0, Math.min(sn - 1, k + 1));
                dst[dof + i * ds] = (float) (src[so + k0 * ss] * (1 - t) + src[so + k1 * ss] * t);
            }
        }
    }

    /**
     * Resamples a lightness plane to (dw x dh) streaming its rows, each axis on its own: area average where it
     * shrinks (memory is one output grid plus one row), linear (pixel centres aligned) where it grows.
     */
    static float[] shrinkOrGrow(Lightness l, int dw, int dh) {
        int sw = l.width();
        int sh = l.height();
        float[] row = new float[sw];
        float[] hrow = new float[dw];
        if (dh > sh) {
            float[] tmp = new float[dw * sh];
            for (int y = 0; y < sh; y++) {
                l.row(y, row);
                resample1d(row, 0, 1, sw, tmp, y * dw, 1, dw);
            }
            float[] out = new float[dw * dh];
            for (int x = 0; x < dw; x++) {
                resample1d(tmp, x, dw, sh, out, x, dw, dh);
            }
            return out;
        }
        // Area average: separable kernels, output rows in parallel bands (each reads the source rows it covers).
        AreaKernel kx = dw <= sw ? new AreaKernel(sw, dw) : null; // null: linear across (enlarging)
        AreaKernel ky = new AreaKernel(sh, dh);
        float[] out = new float[dw * dh];
        int rowsPerTask = Math.max(1, (int) Math.min(dh, (1L << 18) / Math.max(1L, (long) sw * sh / dh)));
        int tasks = (dh + rowsPerTask - 1) / rowsPerTask;
        java.util.stream.IntStream.range(0, tasks).parallel().forEach(task -> {
            float[] src = new float[sw];
            float[] down = new float[sw];
            float[] across = new float[dw];
            int held = -1; // source row in src: the last row of one output row is often the first of the next
            for (int oy = task * rowsPerTask; oy < Math.min(dh, (task + 1) * rowsPerTask); oy++) {
                // down first (a loop the JIT vectorizes), then one pass across per output row
                java.util.Arrays.fill(down, 0f);
                for (int j = ky.start[oy], e = ky.start[oy + 1]; j < e; j++) {
                    if (ky.index[j] != held) {
                        held = ky.index[j];
                        l.row(held, src);
                    }
                    float wy = ky.weight[j];
                    for (int x = 0; x < sw; x++) {
                        down[x] += wy * src[x];
                    }
                }
                if (kx != null) {
                    kx.apply(down, across);
                } else {
                    resample1d(down, 0, 1, sw, across, 0, 1, dw);
                }
                System.arraycopy(across, 0, out, oy * dw, dw);
            }
        });
        return out;
    }

    /**
     * Area-average weights from {@code n} source samples onto {@code m <= n} outputs: output i averages source
     * [i n/m, (i+1) n/m), each source sample weighted by its overlap; the weights of an output sum to 1.
     */
    static final class AreaKernel {
        /** output i uses entries start[i] .. start[i+1]-1 */
        final int[] start;
        final int[] index;
        final float[] weight;

        AreaKernel(int n, int m) {
            double scale = (double) n / m;
            start = new int[m + 1];
            int[] idx = new int[n + m];
            float[] wgt = new float[n + m];
            int e = 0;
            for (int i = 0; i < m; i++) {
                start[i] = e;
                double a = i * scale;
                double b = a + scale;
                for (int k = (int) a; k < Math.min(n, (int) Math.ceil(b)); k++) {
                    double w = Math.min(b, k + 1) - Math.max(a, k);
                    if (w > 0) {
                        idx[e] = k;
                        wgt[e++] = (float) (w / scale);
                    }
                }
            }
            start[m] = e;
            index = java.util.Arrays.copyOf(idx, e);
            weight = java.util.Arrays.copyOf(wgt, e);
        }

        void apply(float[] src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                float sum = 0;
                for (int j = start[i], e = start[i + 1]; j < e; j++) {
                    sum += weight[j] * src[index[j]];
                }
                dst[i] = sum;
            }
        }
    }
}
