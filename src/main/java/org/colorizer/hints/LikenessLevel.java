package org.colorizer.hints;

import java.util.ArrayList;
import java.util.List;

/**
 * The global level by likeness of {@link SpreadFilter}: the hinted regions (4-connected groups of hinted cells, one per
 * hint unless hints touch) with their mean L*, the network's mean a*b* and their mean residual; a cell's level is
 * the regions' residuals weighted by exp(-(dL*^2 + chroma^2 (da*^2 + db*^2)) / (2 likeness^2)), wherever they lie,
 * over (sum of weights + shrink).
 */
final class LikenessLevel {
    /** exp(-t) for t in [0, {@value #EXP_RANGE}) in steps of 1 / {@value #EXP_STEPS} (beyond: 0, below 2e-9). */
    private static final int EXP_RANGE = 20;
    private static final int EXP_STEPS = 256;
    private static final float[] EXP = new float[EXP_RANGE * EXP_STEPS + 1];

    static {
        for (int i = 0; i < EXP.length; i++) {
            EXP[i] = (float) Math.exp(-(double) i / EXP_STEPS);
        }
    }

    private final float[] l;
    private final float[] pa;
    private final float[] pb;
    private final float[] ra;
    private final float[] rb;
    private final int regions;
    private final float inv;
    private final float c2;
    private final double shrink;

    /**
     * @param likeness the weights' scale (L* units); {@code chroma} weighs the network's a*b* differences
     * @param residualA the hinted cells' residuals (hint minus prediction), before any filtering
     */
    LikenessLevel(double likeness, double chroma, double shrink, float[] light, float[] a, float[] b, float[] mask,
            float[] residualA, float[] residualB, int w, int h) {
        this.inv = (float) (1 / (2 * likeness * likeness));
        this.c2 = (float) (chroma * chroma);
        this.shrink = shrink;
        int n = w * h;
        int[] label = new int[n];
        int[] stack = new int[n];
        List<double[]> list = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (mask[s] <= 0 || label[s] != 0) {
                continue;
            }
            double[] acc = new double[6]; // sums of L*, a*, b*, residual a*, residual b*; cells
            int top = 0;
            stack[top++] = s;
            label[s] = list.size() + 1;
            while (top > 0) {
                int p = stack[--top];
                acc[0] += light[p];
                acc[1] += a[p];
                acc[2] += b[p];
                acc[3] += residualA[p];
                acc[4] += residualB[p];
                acc[5] += 1;
                int x = p % w;
                int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p >= w ? p - w : -1, p + w < n ? p + w : -1};
                for (int q : next) {
                    if (q >= 0 && mask[q] > 0 && label[q] == 0) {
                        label[q] = label[s];
                        stack[top++] = q;
                    }
                }
            }
            list.add(acc);
        }
        regions = list.size();
        l = new float[regions];
        pa = new float[regions];
        pb = new float[regions];
        ra = new float[regions];
        rb = new float[regions];
        for (int j = 0; j < regions; j++) {
            double[] acc = list.get(j);
            l[j] = (float) (acc[0] / acc[5]);
            pa[j] = (float) (acc[1] / acc[5]);
            pb[j] = (float) (acc[2] / acc[5]);
            ra[j] = (float) (acc[3] / acc[5]);
            rb[j] = (float) (acc[4] / acc[5]);
        }
    }

    /** The level at a cell of lightness {@code lp} and predicted {@code ap}, {@code bp}, into {@code g}. */
    void level(float lp, float ap, float bp, float[] g) {
        float sw = 0;
        float sa = 0;
        float sb = 0;
        for (int j = 0; j < regions; j++) {
            float dl = lp - l[j];
            float da = ap - pa[j];
            float db = bp - pb[j];
            float t = (dl * dl + c2 * (da * da + db * db)) * inv;
            float wj = t < EXP_RANGE ? EXP[(int) (t * EXP_STEPS + 0.5f)] : 0f;
            sw += wj;
            sa += wj * ra[j];
            sb += wj * rb[j];
        }
        float d = (float) (sw + shrink);
        g[0] = sa / d;
        g[1] = sb / d;
    }
}
