package org.colorizer.colorize;

import java.util.ArrayList;
import java.util.List;

/**
 * How a working grid larger than the network's size is cut into overlapping tiles, and how their overlaps are
 * blended (feathered weights); used by {@link Colorizer}.
 */
final class Tiling {
    private Tiling() {}

    /** One network input: a window of a working grid, padded to the network's multiple. */
    static final class TileJob {
        final int image;
        final int x0;
        final int y0;
        final int w;
        final int h;
        final int pw;
        final int ph;
        /** feather on each side? (no feather on the grid's outer border) */
        final boolean left;
        final boolean right;
        final boolean top;
        final boolean bottom;

        TileJob(int image, int x0, int y0, int w, int h, int pw, int ph, boolean left, boolean right, boolean top,
                boolean bottom) {
            this.image = image;
            this.x0 = x0;
            this.y0 = y0;
            this.w = w;
            this.h = h;
            this.pw = pw;
            this.ph = ph;
            this.left = left;
            this.right = right;
            this.top = top;
            this.bottom = bottom;
        }
    }

    static List<TileJob> tiles(int image, int gw, int gh, int edge, int size, int multiple) {
        List<TileJob> list = new ArrayList<>();
        int overlap = size / 4;
        int[] xs = starts(gw, edge, overlap);
        int[] ys = starts(gh, edge, overlap);
        for (int yi = 0; yi < ys.length; yi++) {
            for (int xi = 0; xi < xs.length; xi++) {
                int w = Math.min(edge, gw);
                int h = Math.min(edge, gh);
                list.add(new TileJob(image, xs[xi], ys[yi], w, h, roundUp(w, multiple), roundUp(h, multiple), xi > 0,
                        xi < xs.length - 1, yi > 0, yi < ys.length - 1));
            }
        }
        return list;
    }

    /** Tile starts covering [0, n) with tiles of {@code t} overlapping by at least {@code overlap}. */
    static int[] starts(int n, int t, int overlap) {
        if (n <= t) {
            return new int[] {0};
        }
        int stride = t - overlap;
        int count = (int) Math.ceil((double) (n - t) / stride) + 1;
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = (int) Math.round((double) i * (n - t) / (count - 1));
        }
        return s;
    }

    private static int roundUp(int v, int multiple) {
        return Math.max(multiple, (v + multiple - 1) / multiple * multiple);
    }

    /**
     * Feather weight: rises smoothly (smoothstep) from near 0 to 1 over {@code overlap} pixels on sides that
     * border another tile, so a tile's edge pixels (where the network sees padding) hardly count.
     */
    static float ramp(int i, int n, int overlap, boolean lowSide, boolean highSide) {
        float t = 1f;
        if (lowSide) {
            t = Math.min(t, (i + 0.5f) / overlap);
        }
        if (highSide) {
            t = Math.min(t, (n - i - 0.5f) / overlap);
        }
        float w = t * t * (3 - 2 * t);
        return Math.max(w, 1e-4f);
    }
}
