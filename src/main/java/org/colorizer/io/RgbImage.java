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

    /** {@link Resampling#areaResize}: the area average to {@code w x h}. */
    public RgbImage areaResize(int w, int h) {
        return Resampling.areaResize(this, w, h);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
