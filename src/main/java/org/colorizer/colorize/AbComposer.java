package org.colorizer.colorize;

import java.util.stream.IntStream;
import org.colorizer.color.Lab;

/** Recombines a working-grid a*b* field with the full-resolution L*: the last step of {@link Colorizer}. */
final class AbComposer {
    private AbComposer() {}

    /**
     * Writes packed RGB (alpha 255) for plane {@code l} and its a*b* field into {@code out} (row-major,
     * width x height): a*b* upsampled bilinearly, L* exactly the input's. Rows run in parallel.
     */
    static void compose(Lightness l, Colorizer.AbField f, int[] out) {
        int w = l.width();
        int h = l.height();
        // Precomputed horizontal sampling positions on the working grid.
        int[] x0 = new int[w];
        int[] x1 = new int[w];
        float[] tx = new float[w];
        double sx = (double) f.width / w;
        double sy = (double) f.height / h;
        for (int x = 0; x < w; x++) {
            double fx = (x + 0.5) * sx - 0.5;
            int k = (int) Math.floor(fx);
            tx[x] = (float) (fx - k);
            x0[x] = Math.max(0, Math.min(f.width - 1, k));
            x1[x] = Math.max(0, Math.min(f.width - 1, k + 1));
        }
        int rowsPerTask = Math.max(1, 65536 / Math.max(1, w));
        int tasks = (h + rowsPerTask - 1) / rowsPerTask;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            float[] lr = new float[w];
            float[] ar = new float[w];
            float[] br = new float[w];
            // grid rows interpolated across (each is reused by the output rows between two grid rows)
            float[][] ha = {new float[w], new float[w]};
            float[][] hb = {new float[w], new float[w]};
            int[] held = {-1, -1};
            for (int y = task * rowsPerTask; y < Math.min(h, (task + 1) * rowsPerTask); y++) {
                l.row(y, lr);
                double fy = (y + 0.5) * sy - 0.5;
                int k = (int) Math.floor(fy);
                float ty = (float) (fy - k);
                int ga = Math.max(0, Math.min(f.height - 1, k));
                int gb = Math.max(0, Math.min(f.height - 1, k + 1));
                int sa = across(f, ga, held, ha, hb, x0, x1, tx);
                int sb = across(f, gb, held, ha, hb, x0, x1, tx);
                float[] aTop = ha[sa];
                float[] aBot = ha[sb];
                float[] bTop = hb[sa];
                float[] bBot = hb[sb];
                for (int x = 0; x < w; x++) {
                    ar[x] = aTop[x] + ty * (aBot[x] - aTop[x]);
                    br[x] = bTop[x] + ty * (bBot[x] - bTop[x]);
                }
                Lab.labToRgb(lr, ar, br, 0, w, out, y * w);
            }
        });
    }

    /**
     * Makes grid row {@code g} of a*b*, interpolated across to the output width, available in one of two slots
     * and returns the slot. Rows go down, so a missing row replaces the slot that does not hold {@code g - 1}.
     */
    private static int across(Colorizer.AbField f, int g, int[] held, float[][] ha, float[][] hb, int[] x0, int[] x1,
            float[] tx) {
        if (held[0] == g) {
            return 0;
        }
        if (held[1] == g) {
            return 1;
        }
        int s = held[0] == g - 1 ? 1 : 0;
        int r = g * f.width;
        float[] a = ha[s];
        float[] b = hb[s];
        for (int x = 0; x < a.length; x++) {
            float t = tx[x];
            a[x] = f.a[r + x0[x]] + t * (f.a[r + x1[x]] - f.a[r + x0[x]]);
            b[x] = f.b[r + x0[x]] + t * (f.b[r + x1[x]] - f.b[r + x0[x]]);
        }
        held[s] = g;
        return s;
    }
}
