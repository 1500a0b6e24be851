package org.colorizer.hints;

import static org.colorizer.hints.HintSpread.NO_GLOBAL;

import java.util.stream.IntStream;

/**
 * Spreads what the network did not carry: after the network has predicted a*b* on the working grid, the difference
 * between each hinted cell's color and the prediction there (the residual) is spread over the grid by an
 * edge-aware normalized convolution and added to the prediction. The filter is the domain transform's recursive
 * filter (Gastal and Oliveira, SIGGRAPH 2011) guided by the grid's L*: it reaches far along a surface of even
 * lightness and stops at edges, so a hint colors its object rather than a disk around itself. Where the hints'
 * weight is small the residual falls back to a global level g: residual = (num + fade * peak * g) / (den + fade *
 * peak), with num and den the filtered residual and mask, peak the filtered mask at an isolated hinted cell of a
 * flat image, and g the hinted cells' mean residual times n / (n + shrink) for n hints (so one hint tints the
 * picture less than two), or by likeness ({@link LikenessLevel}). The settings: {@link HintSpread}.
 */
public final class SpreadFilter {
    /** Iterations of the recursive filter (the paper's choice). */
    static final int ITERATIONS = 3;
    /** Lookup table resolution for the edge weights: bins per L* unit. */
    private static final int BINS_PER_L = 16;
    /** Largest edge distance the table resolves (L* units; larger steps weigh as this one). */
    private static final int MAX_L = 256;

    private final HintSpread settings;

    public SpreadFilter(HintSpread settings) {
        this.settings = settings;
    }

    /**
     * Adds the spread residual to {@code a} and {@code b} (a* and b*, row-major {@code w} x {@code h}).
     *
     * @param light the grid's L* (0-100)
     * @param hints the grid's hint planes from {@link HintRaster#rasterize}: a* / 110, b* / 110, mask
     * @param count how many hints were rasterized (for the global level's shrinkage)
     */
    public void apply(float[] light, float[][] hints, int count, float[] a, float[] b, int w, int h) {
        if (settings.isOff()) {
            return;
        }
        int n = w * h;
        float[] mask = hints[2];
        if (settings.hasGain()) {
            scale(hints, count, a, b, n);
        }
        float[] na = new float[n];
        float[] nb = new float[n];
        float[] den = new float[n];
        // the residuals at the hinted cells, and their sums for the global level
        double sa = 0;
        double sb = 0;
        int cells = 0;
        for (int p = 0; p < n; p++) {
            if (mask[p] > 0) {
                na[p] = hints[0][p] * HintRaster.AB_SCALE - a[p];
                nb[p] = hints[1][p] * HintRaster.AB_SCALE - b[p];
                den[p] = 1f;
                sa += na[p];
                sb += nb[p];
                cells++;
            }
        }
        if (cells == 0) {
            return;
        }
        // the global level: the hinted cells' mean residual, shrunk by the number of hints
        int hintsCount = Math.max(1, count);
        double keep = hintsCount / (hintsCount + settings.shrink);
        float ga = (float) (sa / cells * keep);
        float gb = (float) (sb / cells * keep);
        double sigma = settings.sigmaSpace * Math.max(w, h);
        // the level by likeness needs the residuals before they are filtered
        LikenessLevel like = settings.likeness > 0 && settings.fade > 0 && settings.shrink < NO_GLOBAL
                ? new LikenessLevel(settings.likeness, settings.chroma, settings.shrink, light, a, b, mask, na, nb,
                        w, h)
                : null;
        // the guide's step across each horizontal and vertical edge, as a table index (the same every iteration);
        // the guide is the network's a*b* as predicted, before any residual is added
        char[] hBin = new char[n];
        char[] vBin = new char[n];
        float c = (float) settings.chroma;
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 1; x < w; x++) {
                hBin[r + x] = bin(light, a, b, c, r + x - 1, r + x);
            }
            if (y > 0) {
                for (int x = 0; x < w; x++) {
                    vBin[r + x] = bin(light, a, b, c, r - w + x, r + x);
                }
            }
        }
        // horizontal edge weights' exponents: 1 + s/r |dL| between (x-1, y) and (x, y), likewise vertical
        double ratio = sigma / settings.sigmaRange;
        for (int i = 0; i < ITERATIONS; i++) {
            double sigmaI = sigmaAt(sigma, i);
            float[] table = weights(Math.exp(-Math.sqrt(2) / sigmaI), ratio);
            horizontal(na, nb, den, hBin, table, w, h);
            vertical(na, nb, den, vBin, table, w, h);
        }
        float k = (float) (settings.fade * peak(sigma));
        if (like != null) {
            IntStream.range(0, h).parallel().forEach(y -> {
                float[] g = new float[2];
                for (int p = y * w, end = p + w; p < end; p++) {
                    like.level(light[p], a[p], b[p], g);
                    float d = den[p] + k;
                    a[p] += (na[p] + k * g[0]) / d;
                    b[p] += (nb[p] + k * g[1]) / d;
                }
            });
            return;
        }
        float kga = k * ga;
        float kgb = k * gb;
        for (int p = 0; p < n; p++) {
            float d = den[p] + k;
            if (d > 1e-30f) {
                a[p] += (na[p] + kga) / d;
                b[p] += (nb[p] + kgb) / d;
            }
        }
    }

    /** Scales a* and b* by the chroma gain the hints call for (see {@link HintSpread#gain}). */
    private void scale(float[][] hints, int count, float[] a, float[] b, int n) {
        double tp = 0;
        double pp = 0;
        for (int p = 0; p < n; p++) {
            if (hints[2][p] > 0) {
                tp += hints[0][p] * HintRaster.AB_SCALE * a[p] + hints[1][p] * HintRaster.AB_SCALE * b[p];
                pp += a[p] * a[p] + b[p] * b[p];
            }
        }
        if (pp < 1e-6) {
            return; // the network gave gray where the hints are: no direction to scale
        }
        int k = Math.max(1, count);
        double s = 1 + (tp / pp - 1) * k / (k + settings.gainShrink);
        float f = (float) Math.max(1 / settings.gain, Math.min(settings.gain, s));
        for (int p = 0; p < n; p++) {
            a[p] *= f;
            b[p] *= f;
        }
    }

    /** {@code table[i]} = a^(1 + ratio * i / BINS_PER_L): the weight across a guide step of i / BINS_PER_L. */
    private static float[] weights(double a, double ratio) {
        float[] t = new float[MAX_L * BINS_PER_L + 1];
        double la = Math.log(a);
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.exp(la * (1 + ratio * i / BINS_PER_L));
        }
        return t;
    }

    private static char bin(float[] light, float[] a, float[] b, float c, int p, int q) {
        float d = Math.abs(light[q] - light[p]);
        if (c != 0) {
            d += c * (Math.abs(a[q] - a[p]) + Math.abs(b[q] - b[p]));
        }
        return (char) Math.min(MAX_L * BINS_PER_L, (int) (d * BINS_PER_L + 0.5f));
    }

    /** Rows handled together in the horizontal pass: their recursions are independent, so they overlap in time. */
    private static final int ROWS = 8;

    /** Left-to-right then right-to-left along each row, the three planes together, {@value #ROWS} rows at a time. */
    private static void horizontal(float[] pa, float[] pb, float[] pd, char[] bins, float[] table, int w, int h) {
        IntStream.range(0, (h + ROWS - 1) / ROWS).parallel().forEach(block -> {
            int y0 = block * ROWS;
            int rows = Math.min(ROWS, h - y0);
            int base = y0 * w;
            for (int x = 1; x < w; x++) {
                for (int j = 0, i = base + x; j < rows; j++, i += w) {
                    float t = table[bins[i]];
                    pa[i] += t * (pa[i - 1] - pa[i]);
                    pb[i] += t * (pb[i - 1] - pb[i]);
                    pd[i] += t * (pd[i - 1] - pd[i]);
                }
            }
            for (int x = w - 2; x >= 0; x--) {
                for (int j = 0, i = base + x; j < rows; j++, i += w) {
                    float t = table[bins[i + 1]];
                    pa[i] += t * (pa[i + 1] - pa[i]);
                    pb[i] += t * (pb[i + 1] - pb[i]);
                    pd[i] += t * (pd[i + 1] - pd[i]);
                }
            }
        });
    }

    /** Top-down then bottom-up along each column, done row by row (contiguous memory) in strips of columns. */
    private static void vertical(float[] pa, float[] pb, float[] pd, char[] bins, float[] table, int w, int h) {
        int strip = 64;
        int strips = (w + strip - 1) / strip;
        IntStream.range(0, strips).parallel().forEach(s -> {
            int x0 = s * strip;
            int x1 = Math.min(w, x0 + strip);
            for (int y = 1; y < h; y++) {
                for (int i = y * w + x0, end = y * w + x1; i < end; i++) {
                    float t = table[bins[i]];
                    pa[i] += t * (pa[i - w] - pa[i]);
                    pb[i] += t * (pb[i - w] - pb[i]);
                    pd[i] += t * (pd[i - w] - pd[i]);
                }
            }
            for (int y = h - 2; y >= 0; y--) {
                for (int i = y * w + x0, end = y * w + x1; i < end; i++) {
                    float t = table[bins[i + w]];
                    pa[i] += t * (pa[i + w] - pa[i]);
                    pb[i] += t * (pb[i + w] - pb[i]);
                    pd[i] += t * (pd[i + w] - pd[i]);
                }
            }
        });
    }

    /**
     * The filtered mask at an isolated hinted cell of a flat, unbounded image: on a flat image the filter is
     * separable and shift-invariant, so this is the square of the 1-D filter's response at its impulse.
     */
    static double peak(double sigma) {
        int half = (int) Math.ceil(12 * sigma) + 8;
        int n = 2 * half + 1;
        double[] line = new double[n];
        line[half] = 1;
        for (int i = 0; i < ITERATIONS; i++) {
            double sigmaI = sigmaAt(sigma, i);
            double a = Math.exp(-Math.sqrt(2) / sigmaI);
            for (int x = 1; x < n; x++) {
                line[x] += a * (line[x - 1] - line[x]);
            }
            for (int x = n - 2; x >= 0; x--) {
                line[x] += a * (line[x + 1] - line[x]);
            }
        }
        return line[half] * line[half];
    }

    /** The spatial sigma of iteration {@code i}: the iterations' variances add up to sigma^2. */
    private static double sigmaAt(double sigma, int i) {
        return sigma * Math.sqrt(3) * Math.pow(2, ITERATIONS - i - 1) / Math.sqrt(Math.pow(4, ITERATIONS) - 1);
    }
}
