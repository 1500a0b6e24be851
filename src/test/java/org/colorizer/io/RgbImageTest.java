package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Area resizing of packed RGB images (training crops' source images and contact sheets use it). */
class RgbImageTest {
    private static int rgb(int r, int g, int b) {
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    @Test
    void areaResizeAveragesTheCoveredPixelsByOverlap() {
        // 4x2 -> 2x1: each output averages a 2x2 block
        RgbImage img = new RgbImage(4, 2, new int[] {
            rgb(0, 0, 0), rgb(100, 0, 0), rgb(0, 200, 0), rgb(0, 0, 40),
            rgb(100, 0, 0), rgb(200, 0, 0), rgb(0, 200, 0), rgb(0, 0, 40)});
        RgbImage half = img.areaResize(2, 1);
        assertArrayEquals(new int[] {rgb(100, 0, 0), rgb(0, 100, 20)}, half.argb());

        // 3x1 -> 2x1: output 0 covers pixel 0 and half of pixel 1 (weights 1 and 0.5)
        RgbImage three = new RgbImage(3, 1, new int[] {rgb(30, 0, 0), rgb(90, 0, 0), rgb(150, 0, 0)});
        assertArrayEquals(new int[] {rgb(50, 0, 0), rgb(130, 0, 0)}, three.areaResize(2, 1).argb());

        // constant images stay constant at any size
        int[] flat = new int[37 * 23];
        java.util.Arrays.fill(flat, rgb(12, 34, 56));
        for (int v : new RgbImage(37, 23, flat).areaResize(10, 7).argb()) {
            assertEquals(rgb(12, 34, 56), v);
        }
    }
}
