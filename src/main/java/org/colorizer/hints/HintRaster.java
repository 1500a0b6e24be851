package org.colorizer.hints;

/**
 * Hints as the network sees them: three planes on the working grid (a* / 110, b* / 110, mask), like its a*b*
 * output. Every hinted full-resolution pixel marks the grid cell it falls in, so a hint of one pixel survives any
 * shrink (it is placed on the grid, not averaged away); a cell that several hints reach gets their mean color.
 */
public final class HintRaster {
    /** Same scale as the network's a*b* output. */
    public static final float AB_SCALE = 110f;

    private HintRaster() {}

    /**
     * The hint planes of {@code set} on a grid of {@code gw} x {@code gh} cells covering the whole image:
     * {@code [0]} = a* / 110, {@code [1]} = b* / 110, {@code [2]} = mask (1 on hinted cells), each row-major.
     */
    public static float[][] rasterize(HintSet set, int gw, int gh) {
        int n = Math.multiplyExact(gw, gh);
        float[] sa = new float[n];
        float[] sb = new float[n];
        float[] count = new float[n];
        int w = set.width();
        int h = set.height();
        double sx = (double) gw / w;
        double sy = (double) gh / h;
        for (Hint hint : set.hints()) {
            int[] b = hint.bounds();
            int xa = Math.max(0, b[0]);
            int xb = Math.min(w, b[2]);
            int ya = Math.max(0, b[1]);
            int yb = Math.min(h, b[3]);
            boolean any = false;
            int lastCell = -1;
            for (int y = ya; y < yb; y++) {
                int gy = Math.min(gh - 1, (int) (y * sy));
                for (int x = xa; x < xb; x++) {
                    if (!hint.covers(x, y)) {
                        continue;
                    }
                    any = true;
                    int cell = gy * gw + Math.min(gw - 1, (int) (x * sx));
                    if (cell == lastCell) {
                        continue; // neighbours in one cell count once per row run
                    }
                    lastCell = cell;
                    sa[cell] += hint.a;
                    sb[cell] += hint.b;
                    count[cell] += 1;
                }
            }
            if (!any && hint.isDisk()) {
                // a disk whose centre lies off the pixel grid's covered pixels (e.g. radius < 0.5 between pixels)
                int x = (int) Math.floor(hint.cx);
                int y = (int) Math.floor(hint.cy);
                if (x >= 0 && x < w && y >= 0 && y < h) {
                    int cell = Math.min(gh - 1, (int) (y * sy)) * gw + Math.min(gw - 1, (int) (x * sx));
                    sa[cell] += hint.a;
                    sb[cell] += hint.b;
                    count[cell] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (count[i] > 0) {
                sa[i] /= count[i] * AB_SCALE;
                sb[i] /= count[i] * AB_SCALE;
                count[i] = 1;
            }
        }
        return new float[][] {sa, sb, count};
    }
}
