package org.colorizer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.colorizer.io.RgbImage;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
    private static int rgb(int r, int g, int b) {
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static int[] random(int n, int max, long seed) {
        Random rnd = new Random(seed);
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = rgb(rnd.nextInt(max + 1), rnd.nextInt(max + 1), rnd.nextInt(max + 1));
        }
        return px;
    }

    /** A smooth image (SSIM behaves as on photos) with Gaussian noise of the given sigma, clamped. */
    private static int[] smoothWithNoise(int w, int h, double sigma, long seed) {
        Random rnd = new Random(seed);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = new int[3];
                for (int k = 0; k < 3; k++) {
                    double v = 128 + 90 * Math.sin(x * 0.1 + k) * Math.cos(y * 0.13 - k) + sigma * rnd.nextGaussian();
                    c[k] = (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                px[y * w + x] = rgb(c[0], c[1], c[2]);
            }
        }
        return px;
    }

    @Test
    void identicalImages() {
        int[] a = random(40 * 30, 255, 1);
        int[] b = a.clone();
        assertEquals(0.0, ImageMetrics.mse(a, b));
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, b));
        assertEquals(100.0, ImageMetrics.psnrCapped(a, b, ImageMetrics.DEFAULT_PSNR_CAP));
        assertEquals(1.0, ImageMetrics.ssim(a, b, 40, 30), 1e-12);
        assertEquals(1.0, ImageMetrics.ssim(new RgbImage(40, 30, a), new RgbImage(40, 30, b)), 1e-12);
    }

    @Test
    void psnrOfAConstantOffset() {
        int[] a = random(50 * 20, 245, 2);
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] + 0x0A0A0A; // every channel +10, no overflow since channels <= 245
        }
        assertEquals(100.0, ImageMetrics.mse(a, b), 1e-12);
        assertEquals(20 * Math.log10(255.0 / 10), ImageMetrics.psnr(a, b), 1e-9); // 28.1308 dB
        assertEquals(20 * Math.log10(255.0 / 10), ImageMetrics.psnrCapped(a, b, 100), 1e-9);
        assertEquals(20.0, ImageMetrics.psnrCapped(a, b, 20), 0);

        // only red off by 30: MSE = 30^2 / 3 = 300 over R, G and B
        int[] c = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] & 0xFF00FFFF | ((a[i] >> 16 & 255) > 200 ? (a[i] >> 16 & 255) - 30 : (a[i] >> 16 & 255) + 30) << 16;
        }
        assertEquals(10 * Math.log10(255.0 * 255 / 300), ImageMetrics.psnr(a, c), 1e-9);
        assertEquals(ImageMetrics.psnr(a, c), ImageMetrics.psnr(new RgbImage(50, 20, a), new RgbImage(50, 20, c)));
    }

    @Test
    void alphaIsIgnored() {
        int[] a = random(12 * 12, 255, 3);
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] & 0x00FFFFFF;
        }
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, b));
        assertEquals(1.0, ImageMetrics.ssim(a, b, 12, 12), 1e-12);
        assertEquals(ImageMetrics.colorfulness(a), ImageMetrics.colorfulness(b));
    }

    @Test
    void colorfulnessOfGrayIsZero() {
        Random rnd = new Random(4);
        int[] gray = new int[500];
        for (int i = 0; i < gray.length; i++) {
            int v = rnd.nextInt(256);
            gray[i] = rgb(v, v, v);
        }
        assertEquals(0.0, ImageMetrics.colorfulness(gray));
        assertEquals(0.0, ImageMetrics.colorfulnessSigned(gray));
    }

    @Test
    void colorfulnessOfHalfRedHalfBlue() {
        int[] px = new int[100];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 2 == 0 ? rgb(255, 0, 0) : rgb(0, 0, 255);
        }
        // red:  rg = |255 - 0| = 255, yb = |(255 + 0)/2 - 0| = 127.5
        // blue: rg = |0 - 0|   = 0,   yb = |(0 + 0)/2 - 255|   = 255
        // mean_rg = 127.5, var_rg = 127.5^2 = 16256.25; mean_yb = 191.25, var_yb = 63.75^2 = 4064.0625
        // CF = sqrt(16256.25 + 4064.0625) + 0.3 sqrt(127.5^2 + 191.25^2)
        //    = sqrt(20320.3125) + 0.3 sqrt(52832.8125) = 142.54933 + 0.3 * 229.85389 = 211.50550
        assertEquals(211.50550170886038, ImageMetrics.colorfulness(px), 1e-9);
        assertEquals(ImageMetrics.colorfulness(px), ImageMetrics.colorfulness(new RgbImage(10, 10, px)));
        // signed (the paper): yb of blue = -255, so mean_yb = -63.75, var_yb = 191.25^2 = 36576.5625
        // CF = sqrt(16256.25 + 36576.5625) + 0.3 sqrt(127.5^2 + 63.75^2) = 229.85389 + 0.3 * 142.54933
        assertEquals(272.61869388051275, ImageMetrics.colorfulnessSigned(px), 1e-9);
    }

    @Test
    void colorfulnessGrowsWithSaturation() {
        int[] dull = new int[64];
        int[] vivid = new int[64];
        for (int i = 0; i < 64; i++) {
            dull[i] = i % 2 == 0 ? rgb(140, 120, 120) : rgb(120, 120, 140);
            vivid[i] = i % 2 == 0 ? rgb(250, 30, 30) : rgb(30, 30, 250);
        }
        assertTrue(ImageMetrics.colorfulness(vivid) > 5 * ImageMetrics.colorfulness(dull));
    }

    @Test
    void ssimDecreasesWithNoise() {
        int w = 64;
        int h = 48;
        int[] clean = smoothWithNoise(w, h, 0, 5);
        double previous = 1.0;
        for (double sigma : new double[] {2, 8, 20, 50}) {
            double s = ImageMetrics.ssim(clean, smoothWithNoise(w, h, sigma, 6), w, h);
            assertTrue(s < previous, "sigma " + sigma + ": " + s + " not below " + previous);
            assertTrue(s > -1 && s < 1);
            previous = s;
        }
        assertTrue(previous < 0.5, "heavy noise still gives " + previous);
    }

    @Test
    void ssimMatchesDirectImplementation() {
        int w = 23;
        int h = 17;
        int[] a = random(w * h, 255, 7);
        int[] b = smoothWithNoise(w, h, 30, 8);
        for (int i = 0; i < a.length; i += 3) {
            b[i] = a[i]; // partly correlated
        }
        double fast = ImageMetrics.ssim(a, b, w, h);
        assertEquals(referenceSsim(a, b, w, h), fast, 1e-6);
        assertEquals(fast, ImageMetrics.ssim(b, a, w, h), 1e-12); // symmetric
        int[] c = smoothWithNoise(w, h, 5, 9);
        assertEquals(referenceSsim(b, c, w, h), ImageMetrics.ssim(b, c, w, h), 1e-6);
    }

    /** Slow textbook SSIM: 2-D Gaussian window at every valid position, per channel, averaged. */
    private static double referenceSsim(int[] a, int[] b, int w, int h) {
        double[][] win = new double[11][11];
        double norm = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                win[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                norm += win[i][j];
            }
        }
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            double sum = 0;
            int count = 0;
            for (int y0 = 0; y0 + 11 <= h; y0++) {
                for (int x0 = 0; x0 + 11 <= w; x0++) {
                    double mx = 0;
                    double my = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            double wt = win[i][j] / norm;
                            mx += wt * (a[(y0 + i) * w + x0 + j] >> shift & 255);
                            my += wt * (b[(y0 + i) * w + x0 + j] >> shift & 255);
                        }
                    }
                    double vx = 0;
                    double vy = 0;
                    double cov = 0;
                    for (int i = 0; i < 11; i++) {
                        for (int j = 0; j < 11; j++) {
                            double wt = win[i][j] / norm;
                            double dx = (a[(y0 + i) * w + x0 + j] >> shift & 255) - mx;
                            double dy = (b[(y0 + i) * w + x0 + j] >> shift & 255) - my;
                            vx += wt * dx * dx;
                            vy += wt * dy * dy;
                            cov += wt * dx * dy;
                        }
                    }
                    sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    count++;
                }
            }
            total += sum / count;
        }
        return total / 3;
    }

    @Test
    void invalidArguments() {
        int[] a = new int[100];
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.psnr(a, new int[99]));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.psnr(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.ssim(a, a, 10, 10)); // below 11x11
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.ssim(a, a, 20, 20)); // wrong size
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.colorfulness(new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.ssim(new RgbImage(11, 12, new int[132]), new RgbImage(12, 11, new int[132])));
    }
}
