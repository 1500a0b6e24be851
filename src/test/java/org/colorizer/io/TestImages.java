package org.colorizer.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Synthetic test files, written with javax.imageio (ImageJ writes the TIFFs in the tests themselves). */
final class TestImages {
    private TestImages() {}

    static void write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no " + format + " writer for image type " + img.getType());
        }
    }

    /** Random opaque colors. */
    static int[] randomArgb(int n, long seed) {
        Random r = new Random(seed);
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = 0xFF000000 | r.nextInt(1 << 24);
        }
        return px;
    }

    /** A smooth color image (JPEG-friendly). */
    static BufferedImage smoothRgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 128 + (int) (100 * Math.sin(x * 0.05));
                int g = 128 + (int) (100 * Math.cos(y * 0.07));
                int b = (x + y) * 255 / (w + h);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    static BufferedImage rgb(int w, int h, int[] argb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }

    /** 16-bit per channel RGB (48-bit PNG) from samples [pixel][channel]. */
    static BufferedImage rgb48(int w, int h, int[][] samples) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int i = 0; i < w * h; i++) {
            raster.setPixel(i % w, i / w, samples[i]);
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** Gray + alpha, 8 bits each. */
    static BufferedImage grayAlpha(int w, int h, int[] gray, int[] alpha) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int i = 0; i < w * h; i++) {
            raster.setPixel(i % w, i / w, new int[] {gray[i], alpha[i]});
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** Copies the first {@code fraction} of the file's bytes to {@code out}. */
    static Path truncate(Path in, double fraction, Path out) throws IOException {
        byte[] b = Files.readAllBytes(in);
        Files.write(out, Arrays.copyOf(b, (int) (b.length * fraction)));
        return out;
    }

    /** A PNG that declares {@code w x h} (8-bit RGB) but holds only an empty IDAT chunk. */
    static byte[] pngHeaderOnly(int w, int h) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        byte[] out = concat(sig, chunk("IHDR", ihdr), chunk("IDAT", new byte[0]), chunk("IEND", new byte[0]));
        return out;
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] c = new byte[12 + data.length];
        putInt(c, 0, data.length);
        for (int i = 0; i < 4; i++) {
            c[4 + i] = (byte) type.charAt(i);
        }
        System.arraycopy(data, 0, c, 8, data.length);
        CRC32 crc = new CRC32();
        crc.update(c, 4, 4 + data.length);
        putInt(c, 8 + data.length, (int) crc.getValue());
        return c;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
