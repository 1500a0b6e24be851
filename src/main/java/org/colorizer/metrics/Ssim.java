package org.colorizer.metrics;

/**
 * SSIM with a separable Gaussian filter over the valid region, streaming rows through a ring buffer of
 * horizontally filtered rows: O(pixels x window) time, O(window x width) memory, nothing allocated per pixel.
 */
final class Ssim {
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = (0.01 * 255) * (0.01 * 255);
    static final double C2 = (0.03 * 255) * (0.03 * 255);

    private Ssim() {}

    /** Normalized 1-D Gaussian; the 2-D window is its outer product (normalized as well). */
    static double[] kernel() {
        double[] g = new double[WINDOW];
        double sum = 0;
        int r = WINDOW / 2;
        for (int k = 0; k < WINDOW; k++) {
            g[k] = Math.exp(-(k - r) * (k - r) / (2 * SIGMA * SIGMA));
            sum += g[k];
        }
        for (int k = 0; k < WINDOW; k++) {
            g[k] /= sum;
        }
        return g;
    }

    static double rgb(int[] a, int[] b, int width, int height) {
        if (width < WINDOW || height < WINDOW) {
            throw new IllegalArgumentException(
                    "SSIM needs images of at least " + WINDOW + "x" + WINDOW + " pixels, not " + width + "x" + height);
        }
        Buffers buf = new Buffers(width);
        double sum = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            sum += channel(a, b, width, height, shift, buf);
        }
        return sum / 3;
    }

    /** Reusable per-call work space. */
    private static final class Buffers {
        final double[] g = kernel();
        final double[] x;
        final double[] y;
        final double[][][] rows; // [quantity][ring slot][valid x]: x, y, xx, yy, xy filtered horizontally

        Buffers(int width) {
            x = new double[width];
            y = new double[width];
            rows = new double[5][WINDOW][width - WINDOW + 1];
        }
    }

    private static double channel(int[] a, int[] b, int w, int h, int shift, Buffers buf) {
        int wv = w - WINDOW + 1;
        double[] g = buf.g;
        double[] x = buf.x;
        double[] y = buf.y;
        double[][][] rows = buf.rows;
        double total = 0;
        for (int row = 0; row < h; row++) {
            int off = row * w;
            for (int i = 0; i < w; i++) {
                x[i] = a[off + i] >> shift & 255;
                y[i] = b[off + i] >> shift & 255;
            }
            int slot = row % WINDOW;
            double[] hx = rows[0][slot];
            double[] hy = rows[1][slot];
            double[] hxx = rows[2][slot];
            double[] hyy = rows[3][slot];
            double[] hxy = rows[4][slot];
            for (int ox = 0; ox < wv; ox++) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double gk = g[k];
                    double xv = x[ox + k];
                    double yv = y[ox + k];
                    sx += gk * xv;
                    sy += gk * yv;
                    sxx += gk * xv * xv;
                    syy += gk * yv * yv;
                    sxy += gk * xv * yv;
                }
                hx[ox] = sx;
                hy[ox] = sy;
                hxx[ox] = sxx;
                hyy[ox] = syy;
                hxy[ox] = sxy;
            }
            if (row < WINDOW - 1) {
                continue;
            }
            int top = row - WINDOW + 1; // first input row of the window; ring slot of window row k: (top+k)%W
            for (int ox = 0; ox < wv; ox++) {
                double mx = 0;
                double my = 0;
                double exx = 0;
                double eyy = 0;
                double exy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    int s = (top + k) % WINDOW;
                    double gk = g[k];
                    mx += gk * rows[0][s][ox];
                    my += gk * rows[1][s][ox];
                    exx += gk * rows[2][s][ox];
                    eyy += gk * rows[3][s][ox];
                    exy += gk * rows[4][s][ox];
                }
                double vx = exx - mx * mx;
                double vy = eyy - my * my;
                double cov = exy - mx * my;
                total += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
        }
        return total / ((double) wv * (h - WINDOW + 1));
    }
}
