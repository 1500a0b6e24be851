package org.colorizer.testutil;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Synthetic color images whose colors follow from their lightness, so a colorizer can learn them. */
public final class Synthetic {
    private Synthetic() {}

    /**
     * A w x h image: dark regions blue, mid-tones green, bright regions orange, with smooth shapes placed by
     * {@code seed}.
     */
    public static int[] photo(int w, int h, long seed) {
        Random r = new Random(seed);
        double cx = r.nextDouble() * w;
        double cy = r.nextDouble() * h;
        double rad = (0.2 + 0.3 * r.nextDouble()) * Math.min(w, h);
        double fx = 1 + r.nextInt(3);
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - cx, y - cy) / rad;
                double v = 0.5 + 0.45 * Math.cos(Math.min(d, 3.0)) * Math.cos(fx * x / (double) w);
                v = Math.max(0, Math.min(1, v));
                int red;
                int green;
                int blue;
                if (v < 0.4) {
                    red = (int) (40 * v / 0.4);
                    green = (int) (60 * v / 0.4);
                    blue = (int) (90 + 120 * v / 0.4);
                } else if (v < 0.7) {
                    double t = (v - 0.4) / 0.3;
                    red = (int) (40 + 40 * t);
                    green = (int) (120 + 80 * t);
                    blue = (int) (60 - 30 * t);
                } else {
                    double t = (v - 0.7) / 0.3;
                    red = (int) (220 + 35 * t);
                    green = (int) (140 + 80 * t);
                    blue = (int) (40 + 40 * t);
                }
                argb[y * w + x] = 0xFF000000 | (clamp(red) << 16) | (clamp(green) << 8) | clamp(blue);
            }
        }
        return argb;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public static Path writePng(Path file, int[] argb, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpeg" : "png", file.toFile());
        return file;
    }

    public static Path writeGrayPng(Path file, byte[] gray, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, gray);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A folder of {@code n} synthetic color photos of w x h. */
    public static Path folder(Path dir, int n, int w, int h) throws IOException {
        for (int i = 0; i < n; i++) {
            writePng(dir.resolve(String.format("img%02d.png", i)), photo(w, h, 1000 + i), w, h);
        }
        return dir;
    }

    /** Asserts that the mean a* and b* of {@code argb} are within {@code tolerance} of color {@code rgb}'s (direct Lab). */
    public static void assertMeanChroma(int rgb, int[] argb, double tolerance) {
        double[] want = org.colorizer.color.Lab.toLab(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255);
        double ma = 0;
        double mb = 0;
        for (int p : argb) {
            double[] lab = org.colorizer.color.Lab.toLab(p >> 16 & 255, p >> 8 & 255, p & 255);
            ma += lab[1] / argb.length;
            mb += lab[2] / argb.length;
        }
        org.junit.jupiter.api.Assertions.assertEquals(want[1], ma, tolerance, "mean a*");
        org.junit.jupiter.api.Assertions.assertEquals(want[2], mb, tolerance, "mean b*");
    }
}
