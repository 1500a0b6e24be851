package org.colorizer.training;

import org.colorizer.io.RgbImage;

/** Resizing of packed RGB images for training crops: area averaging to shrink, bilinear for crops. */
final class Resample {
    private Resample() {}

    /** Shrinks by an integer-free area average so that the short side is at most {@code maxShort}. */
    static RgbImage shrinkToShortSide(RgbImage img, int maxShort) {
        int shortSide = Math.min(img.width(), img.height());
        if (shortSide <= maxShort) {
            return img;
        }
        double f = (double) maxShort / shortSide;
        int w = Math.max(1, (int) Math.round(img.width() * f));
        int h = Math.max(1, (int) Math.round(img.height() * f));
        return areaResize(img, w, h);
    }

    /** Box-filter (area) resize for downscaling: each output pixel averages the input area it covers. */
    static RgbImage areaResize(RgbImage img, int w, int h) {
        int[] out = new int[w * h];
        double sx = (double) img.width() / w;
        double sy = (double) img.height() / h;
        double[] acc = new double[3 * w];
        double[] wsum = new double[w];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, 0);
            java.util.Arrays.fill(wsum, 0);
            double y0 = y * sy;
            double y1 = y0 + sy;
            for (int iy = (int) y0; iy < Math.min(img.height(), (int) Math.ceil(y1)); iy++) {
                double wy = Math.min(y1, iy + 1) - Math.max(y0, iy);
                if (wy <= 0) {
                    continue;
                }
                int row = iy * img.width();
                for (int x = 0; x < w; x++) {
                    double x0 = x * sx;
                    double x1 = x0 + sx;
                    for (int ix = (int) x0; ix < Math.min(img.width(), (int) Math.ceil(x1)); ix++) {
                        double wx = Math.min(x1, ix + 1) - Math.max(x0, ix);
                        if (wx <= 0) {
                            continue;
                        }
                        double wt = wx * wy;
                        int p = img.argb()[row + ix];
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

    /**
     * Crops the square {@code (x0, y0, side)} (in source pixels, may be fractional) and resizes it bilinearly
     * to {@code size x size}, mirrored horizontally if {@code flip}.
     */
    static int[] cropResize(RgbImage img, double x0, double y0, double side, int size, boolean flip) {
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
}
