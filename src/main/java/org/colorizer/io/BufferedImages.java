package org.colorizer.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.File;
import java.nio.file.Path;

/**
 * Converts decoded images by reading raster samples, never {@code BufferedImage.getRGB} on gray images (which
 * maps single-band gray through a linear-gray color space and changes the values). Embedded ICC profiles are
 * ignored: samples are taken as sRGB, as ImageJ does.
 */
final class BufferedImages {
    private BufferedImages() {}

    /**
     * Opaque {@code 0xFFRRGGBB} pixels. With {@code compositeOnWhite}, partly transparent pixels are blended
     * over white ({@code c*a/255 + 255*(1-a/255)}, rounded); otherwise alpha is dropped.
     */
    static int[] toArgb(BufferedImage img, boolean compositeOnWhite) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] out = new int[Math.multiplyExact(w, h)];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int[] s0 = new int[w];
        if (cm instanceof IndexColorModel) {
            int[] palette = palette((IndexColorModel) cm);
            for (int y = 0; y < h; y++) {
                samples(raster, y, 0, s0);
                for (int x = 0; x < w; x++) {
                    int c = s0[x] < palette.length ? palette[s0[x]] : 0xFF000000;
                    out[y * w + x] = composite(c, compositeOnWhite);
                }
            }
        } else if (isPlainGray(cm, raster)) {
            int bits = cm.getComponentSize(0);
            int alphaBits = cm.hasAlpha() ? cm.getComponentSize(1) : 0;
            int[] a = new int[w];
            for (int y = 0; y < h; y++) {
                samples(raster, y, 0, s0);
                if (alphaBits > 0) {
                    samples(raster, y, 1, a);
                }
                for (int x = 0; x < w; x++) {
                    int v = to8(s0[x], bits);
                    int alpha = alphaBits > 0 ? to8(a[x], alphaBits) : 255;
                    out[y * w + x] = composite(alpha << 24 | v << 16 | v << 8 | v, compositeOnWhite);
                }
            }
        } else if (isPlainRgb(cm, raster)) {
            int[] s1 = new int[w];
            int[] s2 = new int[w];
            int[] a = new int[w];
            int alphaBits = cm.hasAlpha() ? cm.getComponentSize(3) : 0;
            for (int y = 0; y < h; y++) {
                samples(raster, y, 0, s0);
                samples(raster, y, 1, s1);
                samples(raster, y, 2, s2);
                if (alphaBits > 0) {
                    samples(raster, y, 3, a);
                }
                for (int x = 0; x < w; x++) {
                    int alpha = alphaBits > 0 ? to8(a[x], alphaBits) : 255;
                    int c = alpha << 24 | to8(s0[x], cm.getComponentSize(0)) << 16
                            | to8(s1[x], cm.getComponentSize(1)) << 8 | to8(s2[x], cm.getComponentSize(2));
                    out[y * w + x] = composite(c, compositeOnWhite);
                }
            }
        } else {
            // anything else (premultiplied, unusual color spaces): let Java convert to sRGB
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, s0, 0, w);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = composite(s0[x], compositeOnWhite);
                }
            }
        }
        return out;
    }

    /**
     * An ImageJ image with the stored sample values: gray stays GRAY8 (1 to 8 bits, scaled to 0..255 below 8
     * bits) or GRAY16 (raw values); a palette of gray entries only becomes GRAY8 with the palette's values;
     * everything else becomes COLOR_RGB (16-bit channels rounded to 8 bits). Alpha is dropped, as in ImageJ.
     * Title and file info name {@code file}.
     */
    static ImagePlus toImagePlus(BufferedImage img, Path file) {
        Path abs = file.toAbsolutePath();
        ImagePlus imp = toImagePlus(img, abs.getFileName().toString());
        FileInfo fi = imp.getFileInfo();
        fi.fileFormat = FileInfo.IMAGEIO;
        fi.fileName = abs.getFileName().toString();
        fi.directory = abs.getParent().toString() + File.separator;
        imp.setFileInfo(fi);
        return imp;
    }

    private static ImagePlus toImagePlus(BufferedImage img, String title) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int[] row = new int[w];
        if (cm instanceof IndexColorModel && isGrayPalette((IndexColorModel) cm)) {
            int[] palette = palette((IndexColorModel) cm);
            byte[] px = new byte[Math.multiplyExact(w, h)];
            for (int y = 0; y < h; y++) {
                samples(raster, y, 0, row);
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (byte) (row[x] < palette.length ? palette[row[x]] : 0);
                }
            }
            return new ImagePlus(title, new ByteProcessor(w, h, px));
        }
        if (isPlainGray(cm, raster)) {
            int bits = cm.getComponentSize(0);
            if (bits <= 8) {
                byte[] px = new byte[Math.multiplyExact(w, h)];
                for (int y = 0; y < h; y++) {
                    samples(raster, y, 0, row);
                    for (int x = 0; x < w; x++) {
                        px[y * w + x] = (byte) to8(row[x], bits);
                    }
                }
                return new ImagePlus(title, new ByteProcessor(w, h, px));
            }
            short[] px = new short[Math.multiplyExact(w, h)];
            for (int y = 0; y < h; y++) {
                samples(raster, y, 0, row);
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (short) row[x];
                }
            }
            return new ImagePlus(title, new ShortProcessor(w, h, px, null));
        }
        return new ImagePlus(title, new ColorProcessor(w, h, toArgb(img, false)));
    }

    /**
     * Row {@code y} of one band into {@code dst} (length = width). Reads byte and ushort component rasters (what
     * the JDK's readers produce) directly; {@code Raster.getSamples} is several times slower on those.
     */
    static void samples(Raster raster, int y, int band, int[] dst) {
        int w = dst.length;
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        if (sm instanceof ComponentSampleModel && raster.getMinX() == 0 && raster.getMinY() == 0) {
            ComponentSampleModel csm = (ComponentSampleModel) sm;
            int step = csm.getPixelStride();
            int bank = csm.getBankIndices()[band];
            int start = db.getOffsets()[bank] + csm.getOffset(-raster.getSampleModelTranslateX(),
                    y - raster.getSampleModelTranslateY(), band);
            if (db instanceof DataBufferByte) {
                byte[] data = ((DataBufferByte) db).getData(bank);
                for (int x = 0, i = start; x < w; x++, i += step) {
                    dst[x] = data[i] & 0xFF;
                }
                return;
            }
            if (db instanceof DataBufferUShort) {
                short[] data = ((DataBufferUShort) db).getData(bank);
                for (int x = 0, i = start; x < w; x++, i += step) {
                    dst[x] = data[i] & 0xFFFF;
                }
                return;
            }
        }
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, dst);
    }

    private static boolean isPlainGray(ColorModel cm, Raster raster) {
        return cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1 && !cm.isAlphaPremultiplied() && integerSamples(cm, raster);
    }

    private static boolean isPlainRgb(ColorModel cm, Raster raster) {
        return (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
                && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3
                && !cm.isAlphaPremultiplied() && integerSamples(cm, raster);
    }

    private static boolean integerSamples(ColorModel cm, Raster raster) {
        int type = raster.getTransferType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT) {
            return false;
        }
        if (raster.getNumBands() != cm.getNumComponents()) {
            return false;
        }
        for (int b = 0; b < cm.getNumComponents(); b++) {
            int bits = cm.getComponentSize(b);
            if (bits < 1 || bits > 16) {
                return false;
            }
        }
        return true;
    }

    private static int[] palette(IndexColorModel icm) {
        int[] rgbs = new int[icm.getMapSize()];
        icm.getRGBs(rgbs);
        return rgbs;
    }

    static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /** An unsigned sample of {@code bits} bits scaled to 0..255 with rounding (16 bits: 257*k maps to k). */
    static int to8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        int max = (1 << bits) - 1;
        return (int) (((long) v * 255 + max / 2) / max);
    }

    private static int composite(int argb, boolean onWhite) {
        int a = argb >>> 24;
        if (!onWhite || a == 255) {
            return argb | 0xFF000000;
        }
        int white = 255 * (255 - a);
        int r = ((argb >> 16 & 255) * a + white + 127) / 255;
        int g = ((argb >> 8 & 255) * a + white + 127) / 255;
        int b = ((argb & 255) * a + white + 127) / 255;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
