package org.colorizer.metrics;

import org.colorizer.io.RgbImage;

/**
 * Image quality and color metrics on 8-bit RGB images given as packed {@code 0xAARRGGBB} ints of equal size
 * (alpha is ignored). Arrays of different lengths, or empty ones, are an {@link IllegalArgumentException}.
 */
public final class ImageMetrics {
    /** A cap for reports and averages: PSNR of identical images is infinite. */
    public static final double DEFAULT_PSNR_CAP = 100.0;

    private ImageMetrics() {}

    /** Mean squared error over the R, G and B samples of all pixels (on 0..255). */
    public static double mse(int[] a, int[] b) {
        checkPair(a, b);
        return squaredError(a, b, null) / (3.0 * a.length);
    }

    /** Sum of squared R, G, B differences over the pixels where {@code exclude} is false (null: all pixels). */
    private static long squaredError(int[] a, int[] b, boolean[] exclude) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (exclude != null && exclude[i]) {
                continue;
            }
            int p = a[i];
            int q = b[i];
            int dr = (p >> 16 & 255) - (q >> 16 & 255);
            int dg = (p >> 8 & 255) - (q >> 8 & 255);
            int db = (p & 255) - (q & 255);
            sum += dr * dr + dg * dg + db * db;
        }
        return sum;
    }

    /**
     * Peak signal-to-noise ratio in dB, {@code 10 log10(255^2 / MSE)} with the MSE over R, G and B. Identical
     * images give {@link Double#POSITIVE_INFINITY}; use {@link #psnrCapped} for averages.
     */
    public static double psnr(int[] a, int[] b) {
        double mse = mse(a, b);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** {@code min(psnr(a, b), cap)}, e.g. with {@link #DEFAULT_PSNR_CAP}. */
    public static double psnrCapped(int[] a, int[] b, double cap) {
        return Math.min(psnr(a, b), cap);
    }

    /**
     * PSNR over the pixels where {@code exclude} is false (for example outside color hints, so that copying a
     * hint into its own pixels does not count), capped at {@code cap}; {@code cap} if no pixel is left.
     */
    public static double psnrOutside(int[] a, int[] b, boolean[] exclude, double cap) {
        checkPair(a, b);
        if (exclude.length != a.length) {
            throw new IllegalArgumentException("mask of " + exclude.length + " for " + a.length + " pixels");
        }
        long n = 0;
        for (boolean e : exclude) {
            n += e ? 0 : 1;
        }
        long sum = squaredError(a, b, exclude);
        if (n == 0 || sum == 0) {
            return cap;
        }
        return Math.min(cap, 10 * Math.log10(255.0 * 255.0 / (sum / (3.0 * n))));
    }

    public static double psnr(RgbImage a, RgbImage b) {
        checkSize(a, b);
        return psnr(a.argb(), b.argb());
    }

    /**
     * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004): Gaussian window 11x11 with sigma 1.5,
     * K1 = 0.01, K2 = 0.03, L = 255, no down-sampling; the mean SSIM over the "valid" positions, where the
     * window lies fully inside the image ((width-10) x (height-10) of them, as MATLAB's {@code ssim_index}),
     * computed for R, G and B separately and averaged. Identical images give 1.
     *
     * @throws IllegalArgumentException if the image is smaller than 11x11 or the sizes do not match
     */
    public static double ssim(int[] a, int[] b, int width, int height) {
        checkPair(a, b);
        if ((long) width * height != a.length) {
            throw new IllegalArgumentException(
                    "Image size " + width + "x" + height + " does not match " + a.length + " pixels");
        }
        return Ssim.rgb(a, b, width, height);
    }

    public static double ssim(RgbImage a, RgbImage b) {
        checkSize(a, b);
        return ssim(a.argb(), b.argb(), a.width(), a.height());
    }

    /**
     * Colorfulness after Hasler and Suesstrunk (2003) in the widely used form with absolute opponent values:
     * {@code rg = |R - G|}, {@code yb = |(R + G)/2 - B|} on 0..255, and
     * {@code sqrt(var(rg) + var(yb)) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2)} with population variances. A gray
     * image gives 0. (The paper itself uses the signed differences: {@link #colorfulnessSigned}.)
     */
    public static double colorfulness(int[] argb) {
        return colorfulness(argb, true);
    }

    /** As {@link #colorfulness(int[])} but with the signed {@code rg = R - G}, {@code yb = (R + G)/2 - B}. */
    public static double colorfulnessSigned(int[] argb) {
        return colorfulness(argb, false);
    }

    public static double colorfulness(RgbImage image) {
        return colorfulness(image.argb());
    }

    private static double colorfulness(int[] argb, boolean absolute) {
        if (argb.length == 0) {
            throw new IllegalArgumentException("Empty image");
        }
        // sums of doubled values keep everything integral: 2rg = 2(R-G), 2yb = R+G-2B
        long sRg = 0;
        long sYb = 0;
        long sRg2 = 0;
        long sYb2 = 0;
        for (int c : argb) {
            int r = c >> 16 & 255;
            int g = c >> 8 & 255;
            int b = c & 255;
            long rg = 2 * (r - g);
            long yb = r + g - 2 * b;
            if (absolute) {
                rg = Math.abs(rg);
                yb = Math.abs(yb);
            }
            sRg += rg;
            sYb += yb;
            sRg2 += rg * rg;
            sYb2 += yb * yb;
        }
        double n = argb.length;
        double meanRg = sRg / (2 * n);
        double meanYb = sYb / (2 * n);
        double varRg = Math.max(0, sRg2 / (4 * n) - meanRg * meanRg);
        double varYb = Math.max(0, sYb2 / (4 * n) - meanYb * meanYb);
        return Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    }

    private static void checkPair(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Images differ in size: " + a.length + " vs " + b.length + " pixels");
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("Empty images");
        }
    }

    private static void checkSize(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("Images differ in size: " + a + " vs " + b);
        }
    }
}
