package org.colorizer.hints;

import java.util.SplittableRandom;
import org.colorizer.ColorizerException;

/**
 * Simulated hints for training a hint-aware model (after colorization-pytorch's {@code add_color_patches_rand_gt},
 * Zhang et al. 2017), drawn from a crop's true colors. All settings in one place; stored in the model file with the
 * rest of the training configuration. Fluent: {@code new HintSimulation().optMany(0.1f, 64)}.
 *
 * <ul>
 *   <li>count: with probability {@code manyProbability} uniform in [20, {@code manyMax}]; otherwise geometric
 *       with p = {@code geometricP} counting from 0 (p = 1/8: one crop in eight gets none; mean 7);
 *   <li>place: with probability {@code centerFraction} normal around the centre (sigma = a quarter of the side),
 *       otherwise uniform;
 *   <li>size: a square patch of 1 to {@code maxPatch} pixels, or with probability {@code areaProbability} a
 *       larger square region (up to a quarter of the side), as an area ROI gives;
 *   <li>color: the mean true a*b* over the patch.
 * </ul>
 */
public final class HintSimulation {
    private float geometricP = 0.125f;
    private float manyProbability = 0.1f;
    private int manyMax = 64;
    private float centerFraction = 0.5f;
    private int maxPatch = 9;
    private float areaProbability = 0.1f;

    public HintSimulation optGeometricP(float p) { this.geometricP = p; return this; }
    public HintSimulation optMany(float probability, int max) {
        this.manyProbability = probability;
        this.manyMax = max;
        return this;
    }
    public HintSimulation optCenterFraction(float f) { this.centerFraction = f; return this; }
    public HintSimulation optMaxPatch(int px) { this.maxPatch = px; return this; }
    public HintSimulation optAreaProbability(float p) { this.areaProbability = p; return this; }

    public float getGeometricP() { return geometricP; }
    public float getManyProbability() { return manyProbability; }
    public int getManyMax() { return manyMax; }
    public float getCenterFraction() { return centerFraction; }
    public int getMaxPatch() { return maxPatch; }
    public float getAreaProbability() { return areaProbability; }

    public HintSimulation validate() {
        if (!(geometricP > 0 && geometricP <= 1)) {
            throw new ColorizerException("hint simulation: geometric p " + geometricP + " must be in (0, 1]");
        }
        if (!(manyProbability >= 0 && manyProbability <= 1) || manyMax < 20 || manyMax > 10_000) {
            throw new ColorizerException("hint simulation: 'many' probability must be in [0, 1] and its maximum 20 to "
                    + "10000");
        }
        if (!(centerFraction >= 0 && centerFraction <= 1) || !(areaProbability >= 0 && areaProbability <= 1)) {
            throw new ColorizerException("hint simulation: fractions must be in [0, 1]");
        }
        if (maxPatch < 1 || maxPatch > 64) {
            throw new ColorizerException("hint simulation: patch size " + maxPatch + " must be 1 to 64 pixels");
        }
        return this;
    }

    /** The number of hints for one crop. */
    public int count(SplittableRandom rng) {
        if (rng.nextDouble() < manyProbability) {
            return 20 + rng.nextInt(manyMax - 20 + 1);
        }
        int n = 0;
        while (rng.nextDouble() >= geometricP && n < 1000) {
            n++;
        }
        return n;
    }

    /**
     * Draws hints for an {@code s} x {@code s} crop whose true chroma is {@code a}, {@code b} (CIE units,
     * row-major) and writes the network's hint planes into {@code out} at {@code offset}: a* / 110 (s*s values),
     * b* / 110, mask. The planes must be zero on entry.
     *
     * @return the number of hints placed
     */
    public int simulate(float[] a, float[] b, int s, SplittableRandom rng, float[] out, int offset) {
        int plane = s * s;
        int n = count(rng);
        for (int k = 0; k < n; k++) {
            int p;
            boolean area = rng.nextDouble() < areaProbability && s >= 16;
            if (area) {
                p = Math.max(maxPatch + 1, 1 + rng.nextInt(Math.max(1, s / 4)));
            } else {
                p = 1 + rng.nextInt(maxPatch);
            }
            p = Math.min(p, s);
            int cx;
            int cy;
            if (rng.nextDouble() < centerFraction) {
                cx = clamp((int) Math.round(s / 2.0 + gaussian(rng) * s / 4.0), s);
                cy = clamp((int) Math.round(s / 2.0 + gaussian(rng) * s / 4.0), s);
            } else {
                cx = rng.nextInt(s);
                cy = rng.nextInt(s);
            }
            int x0 = Math.max(0, Math.min(s - p, cx - p / 2));
            int y0 = Math.max(0, Math.min(s - p, cy - p / 2));
            double ma = 0;
            double mb = 0;
            for (int y = y0; y < y0 + p; y++) {
                for (int x = x0; x < x0 + p; x++) {
                    ma += a[y * s + x];
                    mb += b[y * s + x];
                }
            }
            float ha = (float) (ma / (p * p) / HintRaster.AB_SCALE);
            float hb = (float) (mb / (p * p) / HintRaster.AB_SCALE);
            for (int y = y0; y < y0 + p; y++) {
                for (int x = x0; x < x0 + p; x++) {
                    int i = offset + y * s + x;
                    out[i] = ha;
                    out[i + plane] = hb;
                    out[i + 2 * plane] = 1f;
                }
            }
        }
        return n;
    }

    /** Standard normal (Box-Muller; SplittableRandom has no nextGaussian before Java 17). */
    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble(); // (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int clamp(int v, int s) {
        return Math.max(0, Math.min(s - 1, v));
    }
}
