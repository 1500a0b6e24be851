package org.colorizer.colorize;

/** Resampling of float planes (row-major, width x height): area averaging down, bilinear up. */
final class Planes {
    private Planes() {}

    /**
     * Resamples {@code src} (sw x sh) to (dw x dh): area average when shrinking (no aliasing), bilinear when
     * enlarging, per axis.
     */
    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            resample1d(src, y * sw, 1, sw, tmp, y * dw, 1, dw);
        }
        float[] out = new float[dw * dh];
        for (int x = 0; x < dw; x++) {
            resample1d(tmp, x, dw, sh, out, x, dw, dh);
        }
        return out;
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
            for (int i = 0; i < dn; i++) {
                double a = i * scale;
                double b = a + scale;
                double sum = 0;
                for (int k = (int) a; k < Math.min(sn, (int) Math.ceil(b)); k++) {
                    double w = Math.min(b, k + 1) - Math.max(a, k);
                    if (w > 0) {
                        sum += w * src[so + k * ss];
                    }
                }
                dst[dof + i * ds] = (float) (sum / scale);
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

    /** Bilinear sample of a plane at continuous coordinates (pixel centres at integer + 0.5), edges clamped. */
    static float bilinear(float[] p, int w, int h, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double tx = fx - x0;
        double ty = fy - y0;
        int xa = Math.max(0, Math.min(w - 1, x0));
        int xb = Math.max(0, Math.min(w - 1, x0 + 1));
        int ya = Math.max(0, Math.min(h - 1, y0));
        int yb = Math.max(0, Math.min(h - 1, y0 + 1));
        double top = p[ya * w + xa] * (1 - tx) + p[ya * w + xb] * tx;
        double bot = p[yb * w + xa] * (1 - tx) + p[yb * w + xb] * tx;
        return (float) (top * (1 - ty) + bot * ty);
    }

    /**
     * Resamples a lightness plane to (dw x dh) streaming its rows: area average when shrinking (memory is one
     * output grid plus one row), bilinear when enlarging.
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
        double[] acc = new double[dw * dh];
        double scale = (double) sh / dh;
        for (int y = 0; y < sh; y++) {
            l.row(y, row);
            resample1d(row, 0, 1, sw, hrow, 0, 1, dw);
            // source row y covers [y, y+1) which maps onto output rows [y/scale, (y+1)/scale)
            double a = y / scale;
            double b = (y + 1) / scale;
            for (int oy = (int) a; oy < Math.min(dh, (int) Math.ceil(b)); oy++) {
                double wgt = Math.min(b, oy + 1) - Math.max(a, oy);
                if (wgt <= 0) {
                    continue;
                }
                int o = oy * dw;
                for (int x = 0; x < dw; x++) {
                    acc[o + x] += wgt * hrow[x];
                }
            }
        }
        float[] out = new float[dw * dh];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }
}
