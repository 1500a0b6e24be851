package org.colorizer.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.io.ImageFiles;

/** A PNG of images side by side (e.g. gray | colorized | truth), one row per image, rows of equal height. */
public final class ContactSheet {
    private ContactSheet() {}

    /**
     * @param rows  per row, the images (packed RGB) of that row, all of the row's size
     * @param sizes per row, {width, height}
     * @param tileHeight height of each row in the sheet; images are area-averaged to it
     */
    public static void write(Path file, List<int[][]> rows, List<int[]> sizes, int tileHeight) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).length;
        int th = tileHeight;
        int gap = 4;
        int maxW = 0;
        List<Integer> widths = new ArrayList<>();
        for (int[] s : sizes) {
            int w = Math.max(1, (int) Math.round((double) s[0] * th / s[1]));
            widths.add(w);
            maxW = Math.max(maxW, w);
        }
        int w = columns * maxW + (columns - 1) * gap;
        int h = rows.size() * th + (rows.size() - 1) * gap;
        int[] canvas = new int[w * h];
        java.util.Arrays.fill(canvas, 0xFFFFFFFF);
        for (int r = 0; r < rows.size(); r++) {
            int sw = sizes.get(r)[0];
            int sh = sizes.get(r)[1];
            int tw = widths.get(r);
            for (int k = 0; k < columns; k++) {
                int[] scaled = shrink(rows.get(r)[k], sw, sh, tw, th);
                int ox = k * (maxW + gap);
                int oy = r * (th + gap);
                for (int y = 0; y < th; y++) {
                    System.arraycopy(scaled, y * tw, canvas, (oy + y) * w + ox, tw);
                }
            }
        }
        ImageFiles.writePng(file, canvas, w, h);
    }

    /** Box-filter resize of packed RGB (each output pixel averages the source pixels it covers). */
    static int[] shrink(int[] src, int sw, int sh, int dw, int dh) {
        int[] out = new int[dw * dh];
        for (int y = 0; y < dh; y++) {
            int y0 = (int) ((long) y * sh / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int x0 = (int) ((long) x * sw / dw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / dw));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int yy = y0; yy < Math.min(y1, sh); yy++) {
                    for (int xx = x0; xx < Math.min(x1, sw); xx++) {
                        int p = src[yy * sw + xx];
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        b += p & 255;
                    }
                }
                long n = (long) (Math.min(y1, sh) - y0) * (Math.min(x1, sw) - x0);
                out[y * dw + x] = 0xFF000000 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        return out;
    }
}
