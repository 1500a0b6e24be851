package org.colorizer.io;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Resampling of images and planes, in the variants the product uses; each keeps its own arithmetic. Packed RGB
 * images: {@link #areaResize} (area average, to shrink), {@link #shrinkToShortSide} (the same, to a short side) and
 * {@link #bilinearCrop} (a square crop resized bilinearly, for training samples). Float planes served row by row:
 * {@link #shrinkOrGrow} (area average down, linear up, each axis on its own; float kernels).
 */
public final class Resampling {
    private Resampling() {}

    /** A float plane (width x height) served row by row. */
    public interface Rows {
        int width();

        int height();

        /** Writes row {@code y} (width values) into {@code dst}. Must be safe to call from several threads. */
        void row(int y, float[] dst);
    }

    /**
     * Box-filter (area) resize of a packed RGB image for downscaling: each output pixel averages the input area it
     * covers, each source pixel weighted by its overlap (in double, rounded to 8 bits).
     */
    public static RgbImage areaResize(RgbImage img, int w, int h) {
        int width = img.width();
        int height = img.height();
        int[] argb = img.argb();
        int[] out = new int[w * h];
        double sx = (double) width / w;
        double sy = (double) height / h;
        double[] acc = new double[3 * w];
        double[] wsum = new double[w];
        for (int y = 0; y < h; y++) {
            Arrays.fill(acc, 0);
            Arrays.fill(wsum, 0);
            double y0 = y * sy;
            double y1 = y0 + sy;
            for (int iy = (int) y0; iy < Math.min(height, (int) Math.ceil(y1)); iy++) {
                double wy = Math.min(y1, iy + 1) - Math.max(y0, iy);
                if (wy <= 0) {
                    continue;
                }
                int row = iy * width;
                for (int x = 0; x < w; x++) {
                    double x0 = x * sx;
                    double x1 = x0 + sx;
                    for (int ix = (int) x0; ix < Math.min(width, (int) Math.ceil(x1)); ix++) {
                        double wx = Math.min(x1, ix + 1) - Math.max(x0, ix);
                        if (wx <= 0) {
                            continue;
                        }
                        double wt = wx * wy;
                        int p = argb[row + ix];
                        acc[3 * x] += wt * ((p >> 16) & 255);
                        acc[3 * x + 1] += wt * ((p >> 8) & 255);
                        acc[3 * x + 2] += wt * (p & 255);
                        wsum[x] += wt;
                    }
                }
            }
            for (int x = 0; x < w; x++) {
                double s = wsum[x];
                int r = (int) Math.round(acc[3 * x] / s);
                int g = (int) Math.round(acc[3 * x + 1] / s);
                int b = (int) Math.round(acc[3 * x + 2] / s);
                out[y * w + x] = 0xFF000000 | (r << 16) | (g << 8) | b;
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Shrinks by an integer-free area average so that the short side is at most {@code maxShort}. */
    public static RgbImage shrinkToShortSide(RgbImage img, int maxShort) {
        int shortSide = Math.min(img.width(), img.height());
        if (shortSide <= maxShort) {
            return img;
        }
        double f = (double) maxShort / shortSide;
        int w = Math.max(1, (int) Math.round(img.width() * f));
        int h = Math.max(1, (int) Math.round(img.height() * f));
        return areaResize(img, w, h);
    }

    /**
     * Crops the square {@code (x0, y0, side)} (in source pixels, may be fractional) and resizes it bilinearly
     * to {@code size x size} (in double, rounded to 8 bits), mirrored horizontally if {@code flip}.
     */
    public static int[] bilinearCrop(RgbImage img, double x0, double y0, double side, int size, boolean flip) {
        int[] out = new int[size * size];
        double scale = side / size;
        int w = img.width();
        int h = img.height();
        for (int y = 0; y < size; y++) {
            double fy = y0 + (y + 0.5) * scale - 0.5;
            int iy = (int) Math.floor(fy);
            double ty = fy - iy;
            int ya = clamp(iy, h);
            int yb = clamp(iy + 1, h);
            for (int x = 0; x < size; x++) {
                double fx = x0 + (x + 0.5) * scale - 0.5;
                int ix = (int) Math.floor(fx);
                double tx = fx - ix;
                int xa = clamp(ix, w);
                int xb = clamp(ix + 1, w);
                int p00 = img.argb()[ya * w + xa];
                int p01 = img.argb()[ya * w + xb];
                int p10 = img.argb()[yb * w + xa];
                int p11 = img.argb()[yb * w + xb];
                int rgb = 0xFF000000;
                for (int sh = 16; sh >= 0; sh -= 8) {
                    double top = ((p00 >> sh) & 255) * (1 - tx) + ((p01 >> sh) & 255) * tx;
                    double bot = ((p10 >> sh) & 255) * (1 - tx) + ((p11 >> sh) & 255) * tx;
                    int v = (int) Math.round(top * (1 - ty) + bot * ty);
                    rgb |= Math.min(255, Math.max(0, v)) << sh;
                }
                out[y * size + (flip ? size - 1 - x : x)] = rgb;
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

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
     * Resamples a float plane to (dw x dh) streaming its rows, each axis on its own: area average where it
     * shrinks (memory is one output grid plus one row), linear (pixel centres aligned) where it grows.
     */
    public static float[] shrinkOrGrow(Rows l, int dw, int dh) {
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
        IntStream.range(0, tasks).parallel().forEach(task -> {
            float[] src = new float[sw];
            float[] down = new float[sw];
            float[] across = new float[dw];
            int held = -1; // source row in src: the last row of one output row is often the first of the next
            for (int oy = task * rowsPerTask; oy < Math.min(dh, (task + 1) * rowsPerTask); oy++) {
                // down first (a loop the JIT vectorizes), then one pass across per output row
                Arrays.fill(down, 0f);
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
            index = Arrays.copyOf(idx, e);
            weight = Arrays.copyOf(wgt, e);
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
