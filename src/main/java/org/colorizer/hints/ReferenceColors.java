package org.colorizer.hints;

import java.io.Serializable;
import java.nio.file.Path;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;
import org.colorizer.io.ImageFiles;

/**
 * A global hint: "colorize like this". From a color reference image (a slide stained by the user's lab, a photo
 * of the same scene or era) it keeps the mean a*b* per band of lightness; applied after the network, it shifts
 * the predicted a*b* so that each band's mean matches the reference's. Colors that depend on lightness, as
 * stains do (dark nuclei purple, light stroma pink), follow the reference; the network's local choices (which
 * region gets which color within a band) stay. Not learned: the network never sees the reference.
 *
 * <p>Bands are {@value #BAND} L* units wide; a band the reference (or the image) hardly has takes its shift from
 * the nearest bands that it has; between band centres the shift is interpolated linearly in L*.
 */
public final class ReferenceColors implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Width of a lightness band, L* units. */
    static final double BAND = 5;
    static final int BANDS = (int) Math.ceil(100 / BAND);
    /** A band counts when it holds at least this share of the pixels. */
    static final double MIN_SHARE = 0.002;

    private final double[] meanA;
    private final double[] meanB;
    private final boolean[] present;

    private ReferenceColors(double[] meanA, double[] meanB, boolean[] present) {
        this.meanA = meanA;
        this.meanB = meanB;
        this.present = present;
    }

    /** The per-band mean colors of a packed RGB image ({@code argb}, any size; alpha ignored). */
    public static ReferenceColors of(int[] argb) {
        int n = argb.length;
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        Lab.rgbToLab(argb, 0, n, l, a, b, 0);
        double[][] m = bandMeans(l, a, b, n);
        return new ReferenceColors(m[0], m[1], present(m[2], n));
    }

    /** The reference colors of an image file; errors start with {@code what} (the parameter's name). */
    public static ReferenceColors read(Path file, String what) {
        try {
            return of(ImageFiles.readRgb(file).argb());
        } catch (ColorizerException e) {
            throw new ColorizerException(what + ": " + e.getMessage());
        }
    }

    /** [mean a*, mean b*, count] per band. */
    private static double[][] bandMeans(float[] l, float[] a, float[] b, int n) {
        double[] sa = new double[BANDS];
        double[] sb = new double[BANDS];
        double[] count = new double[BANDS];
        for (int i = 0; i < n; i++) {
            int k = band(l[i]);
            sa[k] += a[i];
            sb[k] += b[i];
            count[k]++;
        }
        for (int k = 0; k < BANDS; k++) {
            if (count[k] > 0) {
                sa[k] /= count[k];
                sb[k] /= count[k];
            }
        }
        return new double[][] {sa, sb, count};
    }

    private static boolean[] present(double[] count, int n) {
        boolean[] p = new boolean[BANDS];
        for (int k = 0; k < BANDS; k++) {
            p[k] = count[k] > 0 && count[k] >= MIN_SHARE * n;
        }
        return p;
    }

    static int band(float l) {
        return Math.max(0, Math.min(BANDS - 1, (int) (l / BAND)));
    }

    /** The reference's mean a* (index 0) and b* (1) in the band holding {@code l}; NaN where it has too few pixels. */
    public double[] meanAt(float l) {
        int k = band(l);
        return present[k] ? new double[] {meanA[k], meanB[k]} : new double[] {Double.NaN, Double.NaN};
    }

    /**
     * Shifts {@code a} and {@code b} (a*b* of {@code n} cells whose L* is {@code light}) so that each lightness
     * band's mean a*b* becomes the reference's.
     */
    public void apply(float[] light, float[] a, float[] b, int n) {
        double[][] own = bandMeans(light, a, b, n);
        boolean[] ownPresent = present(own[2], n);
        double[] da = new double[BANDS];
        double[] db = new double[BANDS];
        boolean[] known = new boolean[BANDS];
        boolean any = false;
        for (int k = 0; k < BANDS; k++) {
            if (present[k] && ownPresent[k]) {
                da[k] = meanA[k] - own[0][k];
                db[k] = meanB[k] - own[1][k];
                known[k] = true;
                any = true;
            }
        }
        if (!any) {
            return; // no lightness in common: nothing to match
        }
        fill(da, known);
        fill(db, known);
        for (int i = 0; i < n; i++) {
            double t = light[i] / BAND - 0.5; // band centres at 2.5, 7.5, ... L*
            int k0 = (int) Math.floor(t);
            double f = t - k0;
            int lo = Math.max(0, Math.min(BANDS - 1, k0));
            int hi = Math.max(0, Math.min(BANDS - 1, k0 + 1));
            a[i] += (float) (da[lo] + f * (da[hi] - da[lo]));
            b[i] += (float) (db[lo] + f * (db[hi] - db[lo]));
        }
    }

    /** Bands without a shift of their own: linear between the nearest known bands, constant beyond the ends. */
    private static void fill(double[] v, boolean[] known) {
        int prev = -1;
        for (int k = 0; k < v.length; k++) {
            if (!known[k]) {
                continue;
            }
            if (prev < 0) {
                for (int j = 0; j < k; j++) {
                    v[j] = v[k];
                }
            } else {
                for (int j = prev + 1; j < k; j++) {
                    v[j] = v[prev] + (v[k] - v[prev]) * (j - prev) / (k - prev);
                }
            }
            prev = k;
        }
        for (int j = prev + 1; j < v.length; j++) {
            v[j] = v[prev];
        }
    }
}
