package org.colorizer.hints;

import java.util.Locale;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;

/**
 * One color hint in full-resolution pixel coordinates: the user says "this spot has this color". Only the
 * color's chroma (CIE a*, b*) is used; the image's own L* is always kept.
 *
 * <p>Two shapes: a disk ({@link #disk}: centre and radius, radius 0 = that one pixel) and an area
 * ({@link #area}: a pixel mask inside a bounding box, as an ImageJ area ROI or the strokes of a scribble give).
 */
public final class Hint {
    /** Bounding box, in pixels (inclusive x0/y0, exclusive x1/y1). */
    final int x0;
    final int y0;
    final int x1;
    final int y1;
    /** Disk: centre and radius in pixels; NaN radius for an area. */
    final double cx;
    final double cy;
    final double radius;
    /** Area: mask over the bounding box, row-major; null for a disk. */
    final boolean[] mask;
    /** Chroma, CIE a* and b*. */
    public final float a;
    public final float b;

    private Hint(int x0, int y0, int x1, int y1, double cx, double cy, double radius, boolean[] mask, float a,
            float b) {
        if (!(Float.isFinite(a) && Float.isFinite(b))) {
            throw new ColorizerException("hint: color a*=" + a + " b*=" + b + " is not a finite number");
        }
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
        this.cx = cx;
        this.cy = cy;
        this.radius = radius;
        this.mask = mask;
        this.a = a;
        this.b = b;
    }

    /** A disk of {@code radius} pixels around pixel ({@code x}, {@code y}); radius 0 is that pixel alone. */
    public static Hint disk(double x, double y, double radius, float a, float b) {
        if (!(radius >= 0 && radius <= 1e5) || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new ColorizerException("hint: radius " + radius + " at (" + x + ", " + y + ") is not valid; use a "
                    + "radius >= 0 pixels at finite coordinates");
        }
        int r = (int) Math.ceil(radius);
        return new Hint((int) Math.floor(x) - r, (int) Math.floor(y) - r, (int) Math.floor(x) + r + 1,
                (int) Math.floor(y) + r + 1, x, y, radius, null, a, b);
    }

    /** An area: the pixels where {@code mask} (row-major, {@code w} x {@code h}) is true, at offset (x0, y0). */
    public static Hint area(int x0, int y0, int w, int h, boolean[] mask, float a, float b) {
        if (w < 1 || h < 1 || mask == null || mask.length != w * h) {
            throw new ColorizerException("hint: area mask of " + w + "x" + h + " is not valid");
        }
        return new Hint(x0, y0, x0 + w, y0 + h, Double.NaN, Double.NaN, Double.NaN, mask.clone(), a, b);
    }

    /** A hint of the given sRGB color (0xRRGGBB); only its chroma is used. */
    public static float[] chroma(int rgb) {
        double[] lab = Lab.toLab((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255);
        return new float[] {(float) lab[1], (float) lab[2]};
    }

    public boolean isDisk() {
        return mask == null;
    }

    /** Whether pixel (x, y) is covered. */
    public boolean covers(int x, int y) {
        if (x < x0 || x >= x1 || y < y0 || y >= y1) {
            return false;
        }
        if (mask != null) {
            return mask[(y - y0) * (x1 - x0) + (x - x0)];
        }
        double dx = x - cx;
        double dy = y - cy;
        return dx * dx + dy * dy <= radius * radius + 1e-9;
    }

    /** Bounding box: {x0, y0, x1, y1} (x1, y1 exclusive). */
    public int[] bounds() {
        return new int[] {x0, y0, x1, y1};
    }

    /** The hint moved by (dx, dy) pixels (for crops and tiles). */
    public Hint translate(int dx, int dy) {
        return new Hint(x0 + dx, y0 + dy, x1 + dx, y1 + dy, cx + dx, cy + dy, radius, mask, a, b);
    }

    @Override
    public String toString() {
        return isDisk() ? String.format(Locale.ROOT, "disk (%.1f, %.1f) r=%.1f a*=%.1f b*=%.1f", cx, cy, radius, a, b)
                : String.format(Locale.ROOT, "area [%d,%d)-[%d,%d) a*=%.1f b*=%.1f", x0, y0, x1, y1, a, b);
    }
}
