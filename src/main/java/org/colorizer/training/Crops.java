package org.colorizer.training;

import java.util.SplittableRandom;
import org.colorizer.io.Resampling;
import org.colorizer.io.RgbImage;

/**
 * Where training samples come from in an image: random squares (with random mirroring) for training, the
 * centre square for validation. Either a fraction of the short side (photos) or a multiple of the training size
 * in source pixels (microscopy at native scale); see {@link TrainingConfig#optCrop}.
 */
final class Crops {
    private final boolean relative;
    private final double min;
    private final double max;

    Crops(TrainingConfig c) {
        this.relative = c.isCropRelative();
        this.min = c.getCropMin();
        this.max = c.getCropMax();
    }

    /** The largest short side worth keeping in memory for crops at this size. */
    int maxShortSide(int size) {
        return relative ? 2 * size : Integer.MAX_VALUE;
    }

    /** Input pixels per network tile that match the training scale at colorize time (0 = whole image). */
    int inferenceTile(int size) {
        return relative ? 0 : (int) Math.round(size * (min + max) / 2);
    }

    int[] random(RgbImage img, int size, SplittableRandom rng) {
        int shortSide = Math.min(img.width(), img.height());
        double f = min + (max - min) * rng.nextDouble();
        double side = Math.min(shortSide, relative ? shortSide * f : size * f);
        double x0 = rng.nextDouble() * (img.width() - side);
        double y0 = rng.nextDouble() * (img.height() - side);
        boolean flip = rng.nextBoolean();
        return Resampling.bilinearCrop(img, x0, y0, side, size, flip);
    }

    int[] center(RgbImage img, int size) {
        int shortSide = Math.min(img.width(), img.height());
        double side = Math.min(shortSide, relative ? shortSide : size * (min + max) / 2);
        return Resampling.bilinearCrop(img, (img.width() - side) / 2.0, (img.height() - side) / 2.0, side, size, false);
    }
}
