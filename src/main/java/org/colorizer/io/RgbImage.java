package org.colorizer.io;

import java.util.Objects;

/**
 * An 8-bit sRGB image as packed {@code 0xAARRGGBB} ints, row by row (index {@code y * width + x}).
 * Images read by {@link ImageFiles#readRgb} are always opaque (alpha 255). The array is shared, not copied.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final int[] argb;

    public RgbImage(int width, int height, int[] argb) {
        Objects.requireNonNull(argb, "argb");
        if (width <= 0 || height <= 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException(
                    "Image size " + width + "x" + height + " does not match " + argb.length + " pixels");
        }
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels (not a copy): {@code 0xAARRGGBB}, row-major. */
    public int[] argb() {
        return argb;
    }

    /** True when the image has no color, see {@link ImageFiles#isGrayscale(int[])}. */
    public boolean isGrayscale() {
        return ImageFiles.isGrayscale(argb);
    }

    /**
     * Box-filter (area) resize for downscaling: each output pixel averages the input area it covers, each source
     * pixel weighted by its overlap.
     */
    public RgbImage areaResize(int w, int h) {
        int[] out = new int[w * h];
        double sx = (double) width / w;
        double sy = (double) height / h;
        double[] acc = new double[3 * w];
        double[] wsum = new double[w];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, 0);
            java.util.Arrays.fill(wsum, 0);
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

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
