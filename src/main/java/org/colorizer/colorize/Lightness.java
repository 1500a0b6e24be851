package org.colorizer.colorize;

import org.colorizer.io.Resampling;

/**
 * The CIE L* (0..100) of one image plane, served row by row so that huge images never need a full float copy.
 */
public interface Lightness extends Resampling.Rows {
    /** A lightness plane held in a float array (row-major). */
    static Lightness of(float[] l, int width, int height) {
        if ((long) width * height != l.length) {
            throw new IllegalArgumentException("plane of " + l.length + " values is not " + width + "x" + height);
        }
        return new Lightness() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void row(int y, float[] dst) {
                System.arraycopy(l, y * width, dst, 0, width);
            }
        };
    }
}
