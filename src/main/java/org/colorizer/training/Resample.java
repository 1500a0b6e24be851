package org.colorizer.training;

import org.colorizer.io.RgbImage;

/** Resizing of packed RGB images for training crops: area averaging to shrink ({@link RgbImage#areaResize}), bilinear for crops. */
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
        return img.areaResize(w, h);
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
