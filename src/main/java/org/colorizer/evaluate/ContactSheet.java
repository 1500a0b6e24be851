package org.colorizer.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;

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
        Arrays.fill(canvas, 0xFFFFFFFF);
        for (int r = 0; r < rows.size(); r++) {
            int sw = sizes.get(r)[0];
            int sh = sizes.get(r)[1];
            int tw = widths.get(r);
            for (int k = 0; k < columns; k++) {
                int[] scaled = new RgbImage(sw, sh, rows.get(r)[k]).areaResize(tw, th).argb();
                int ox = k * (maxW + gap);
                int oy = r * (th + gap);
                for (int y = 0; y < th; y++) {
                    System.arraycopy(scaled, y * tw, canvas, (oy + y) * w + ox, tw);
                }
            }
        }
        ImageFiles.writePng(file, canvas, w, h);
    }
}
