package org.colorizer.hints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.colorizer.ColorizerException;

/** The hints of one image of {@code width} x {@code height} pixels, in the order given (where hints overlap, their colors mix). */
public final class HintSet {
    private final int width;
    private final int height;
    private final List<Hint> hints;

    public HintSet(int width, int height, List<Hint> hints) {
        this.width = width;
        this.height = height;
        this.hints = Collections.unmodifiableList(new ArrayList<>(hints));
    }

    /** No hints. */
    public static HintSet none(int width, int height) {
        return new HintSet(width, height, List.of());
    }

    public int width() { return width; }
    public int height() { return height; }
    public List<Hint> hints() { return hints; }
    public int size() { return hints.size(); }
    public boolean isEmpty() { return hints.isEmpty(); }

    /**
     * Checks that every hint touches the image and that the set belongs to an image of this size.
     *
     * @param what names the source in messages (a file, "ROI Manager")
     */
    public HintSet checkFits(int imageWidth, int imageHeight, String what) {
        if (imageWidth != width || imageHeight != height) {
            throw new ColorizerException(what + ": the hints are for a " + width + "x" + height + " image, but the "
                    + "image is " + imageWidth + "x" + imageHeight);
        }
        return this;
    }

    /** Per-pixel mask of all hints (row-major), for measuring outside the hinted pixels. */
    public boolean[] coverage() {
        boolean[] m = new boolean[Math.multiplyExact(width, height)];
        for (Hint h : hints) {
            int[] b = h.bounds();
            for (int y = Math.max(0, b[1]); y < Math.min(height, b[3]); y++) {
                for (int x = Math.max(0, b[0]); x < Math.min(width, b[2]); x++) {
                    if (h.covers(x, y)) {
                        m[y * width + x] = true;
                    }
                }
            }
        }
        return m;
    }
}
