package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesReadTest {
    @TempDir
    Path dir;

    private static int gray(int v) {
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    @Test
    void grayPngKeepsExactValues() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int v = 0; v < 256; v++) {
            img.getRaster().setSample(v % 16, v / 16, 0, v);
        }
        Path file = dir.resolve("gray.png");
        TestImages.write(img, "png", file);

        // getRGB would route these through a linear-gray color space (e.g. 100 -> 168); the raster must be used
        RgbImage rgb = ImageFiles.readRgb(file);
        for (int v = 0; v < 256; v++) {
            assertEquals(gray(v), rgb.argb()[v], "value " + v);
        }
        assertTrue(rgb.isGrayscale());

        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        assertEquals("gray.png", imp.getTitle());
        byte[] px = (byte[]) imp.getProcessor().getPixels();
        for (int v = 0; v < 256; v++) {
            assertEquals(v, px[v] & 0xFF);
        }
    }

    @Test
    void sixteenBitGrayPngStaysSixteenBitAndRoundsToEightForRgb() throws Exception {
        int[] values = {0, 1, 128, 129, 257, 1000, 257 * 100, 40000, 65534, 65535};
        BufferedImage img = new BufferedImage(values.length, 1, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < values.length; i++) {
            img.getRaster().setSample(i, 0, 0, values[i]);
        }
        Path file = dir.resolve("gray16.png");
        TestImages.write(img, "png", file);

        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY16, imp.getType());
        short[] px = (short[]) imp.getProcessor().getPixels();
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], px[i] & 0xFFFF);
        }
        int[] expected8 = {0, 0, 0, 1, 1, 4, 100, 156, 255, 255}; // round(v * 255 / 65535)
        RgbImage rgb = ImageFiles.readRgb(file);
        for (int i = 0; i < values.length; i++) {
            assertEquals(gray(expected8[i]), rgb.argb()[i], "16-bit value " + values[i]);
        }
    }

    @Test
    void oneBitGrayPngBecomesBlackAndWhite() throws Exception {
        BufferedImage img = new BufferedImage(8, 1, BufferedImage.TYPE_BYTE_BINARY);
        img.getRaster().setSample(3, 0, 0, 1);
        Path file = dir.resolve("bits.png");
        TestImages.write(img, "png", file);
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        assertEquals(255, imp.getProcessor().get(3, 0));
        assertEquals(0, imp.getProcessor().get(2, 0));
        assertEquals(gray(255), ImageFiles.readRgb(file).argb()[3]);
    }

    @Test
    void rgbPngRoundTripsExactly() throws Exception {
        int[] argb = TestImages.randomArgb(37 * 23, 7);
        Path file = dir.resolve("rgb.png");
        ImageFiles.writePng(file, argb, 37, 23);
        RgbImage rgb = ImageFiles.readRgb(file);
        assertEquals(37, rgb.width());
        assertEquals(23, rgb.height());
        assertArrayEquals(argb, rgb.argb());
        assertFalse(rgb.isGrayscale());
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        int[] px = (int[]) imp.getProcessor().getPixels();
        for (int i = 0; i < argb.length; i++) {
            assertEquals(argb[i] & 0xFFFFFF, px[i] & 0xFFFFFF);
        }
    }

    @Test
    void rgbaPngIsCompositedOnWhiteForRgbAndAlphaDroppedForImageJ() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FF0000); // transparent red
        img.setRGB(1, 0, 0x80FF0000); // half-transparent red, alpha 128
        img.setRGB(2, 0, 0xFF0000FF); // opaque blue
        Path file = dir.resolve("rgba.png");
        TestImages.write(img, "png", file);

        int[] rgb = ImageFiles.readRgb(file).argb();
        assertEquals(0xFFFFFFFF, rgb[0]);
        int blend = (0 * 128 + 255 * 127 + 127) / 255; // green and blue of red over white: 127
        assertEquals(0xFF000000 | 255 << 16 | blend << 8 | blend, rgb[1]);
        assertEquals(0xFF0000FF, rgb[2]);

        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        assertEquals(0xFF0000, imp.getProcessor().get(0, 0) & 0xFFFFFF);
    }

    @Test
    void grayAlphaPngComposited() throws Exception {
        Path file = dir.resolve("ga.png");
        TestImages.write(TestImages.grayAlpha(2, 1, new int[] {0, 200}, new int[] {0, 255}), "png", file);
        assertArrayEquals(new int[] {gray(255), gray(200)}, ImageFiles.readRgb(file).argb());
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        assertEquals(0, imp.getProcessor().get(0, 0));
        assertEquals(200, imp.getProcessor().get(1, 0));
    }

    @Test
    void palettePngGivesPaletteColors() throws Exception {
        byte[] r = {(byte) 255, 0, 0, 50};
        byte[] g = {0, (byte) 255, 0, 50};
        byte[] b = {0, 0, (byte) 255, 50};
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 4, r, g, b));
        WritableRaster raster = img.getRaster();
        for (int i = 0; i < 4; i++) {
            raster.setSample(i, 0, 0, i);
        }
        Path file = dir.resolve("palette.png");
        TestImages.write(img, "png", file);
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, gray(50)}, ImageFiles.readRgb(file).argb());
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        assertEquals(0x00FF00, imp.getProcessor().get(1, 0) & 0xFFFFFF);
    }

    @Test
    void grayPaletteBecomesGray8WithPaletteValues() throws Exception {
        byte[] v = {10, 20, (byte) 200};
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 3, v, v, v));
        for (int i = 0; i < 3; i++) {
            img.getRaster().setSample(i, 0, 0, 2 - i);
        }
        Path file = dir.resolve("graypalette.png");
        TestImages.write(img, "png", file);
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        assertEquals(200, imp.getProcessor().get(0, 0));
        assertEquals(10, imp.getProcessor().get(2, 0));
    }

    @Test
    void rgb48PngRoundedToEightBits() throws Exception {
        int[][] samples = {{65535, 0, 257 * 7}, {128, 129, 40000}};
        Path file = dir.resolve("rgb48.png");
        TestImages.write(TestImages.rgb48(2, 1, samples), "png", file);
        assertArrayEquals(new int[] {0xFFFF0007, 0xFF000000 | 0 << 16 | 1 << 8 | 156},
                ImageFiles.readRgb(file).argb());
        assertEquals(ImagePlus.COLOR_RGB, ImageFiles.readImagePlus(file).getType());
    }

    @Test
    void jpegMatchesTheDecoder() throws Exception {
        BufferedImage img = TestImages.smoothRgb(64, 48);
        Path file = dir.resolve("photo.JPG");
        TestImages.write(img, "jpeg", file);
        BufferedImage decoded = ImageIO.read(file.toFile()); // 3-byte BGR: getRGB is exact here
        int[] expected = decoded.getRGB(0, 0, 64, 48, null, 0, 64);
        assertArrayEquals(expected, ImageFiles.readRgb(file).argb());
        assertEquals(ImagePlus.COLOR_RGB, ImageFiles.readImagePlus(file).getType());
    }

    @Test
    void grayJpegStaysGray8() throws Exception {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 32 * 32; i++) {
            img.getRaster().setSample(i % 32, i / 32, 0, (i * 7) % 256);
        }
        Path file = dir.resolve("gray.jpeg");
        TestImages.write(img, "jpeg", file);
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        BufferedImage decoded = ImageIO.read(file.toFile());
        RgbImage rgb = ImageFiles.readRgb(file);
        for (int i = 0; i < 32 * 32; i++) {
            int v = decoded.getRaster().getSample(i % 32, i / 32, 0);
            assertEquals(v, imp.getProcessor().get(i % 32, i / 32));
            assertEquals(gray(v), rgb.argb()[i]);
        }
    }

    @Test
    void grayPhotoSavedAsColorJpegCountsAsGrayscale() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = (int) (127 + 120 * Math.sin(x * 0.3) * Math.cos(y * 0.2));
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Path file = dir.resolve("grayphoto.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.5f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        RgbImage rgb = ImageFiles.readRgb(file);
        assertTrue(ImageFiles.isGrayscale(rgb.argb()));
        TestImages.write(TestImages.smoothRgb(64, 64), "jpeg", file);
        assertFalse(ImageFiles.isGrayscale(ImageFiles.readRgb(file).argb()));
    }

    @Test
    void bmpRoundTripsExactly() throws Exception {
        int[] argb = TestImages.randomArgb(13 * 9, 3);
        Path file = dir.resolve("image.bmp");
        TestImages.write(TestImages.rgb(13, 9, argb), "bmp", file);
        assertArrayEquals(argb, ImageFiles.readRgb(file).argb());
    }

    @Test
    void contentDecidesTheFormatNotTheExtension() throws Exception {
        int[] argb = TestImages.randomArgb(5 * 4, 11);
        Path file = dir.resolve("really-a-png.jpg");
        TestImages.write(TestImages.rgb(5, 4, argb), "png", file);
        assertArrayEquals(argb, ImageFiles.readRgb(file).argb());
    }

    @Test
    void imageJTiffTypesArePreserved() throws Exception {
        ByteProcessor bp = new ByteProcessor(4, 3);
        for (int i = 0; i < 12; i++) {
            bp.set(i, i * 20);
        }
        ShortProcessor sp = new ShortProcessor(4, 3);
        for (int i = 0; i < 12; i++) {
            sp.set(i, i * 5000 + 7);
        }
        FloatProcessor fp = new FloatProcessor(4, 3);
        fp.setf(5, -1.25f);
        int[] argb = TestImages.randomArgb(12, 5);
        ColorProcessor cp = new ColorProcessor(4, 3, argb.clone());

        Path g8 = save(new ImagePlus("g8", bp), "g8.tif");
        Path g16 = save(new ImagePlus("g16", sp), "g16.tiff");
        Path g32 = save(new ImagePlus("g32", fp), "g32.tif");
        Path rgb = save(new ImagePlus("rgb", cp), "rgb.TIF");

        ImagePlus i8 = ImageFiles.readImagePlus(g8);
        assertEquals(ImagePlus.GRAY8, i8.getType());
        assertArrayEquals((byte[]) bp.getPixels(), (byte[]) i8.getProcessor().getPixels());
        ImagePlus i16 = ImageFiles.readImagePlus(g16);
        assertEquals(ImagePlus.GRAY16, i16.getType());
        assertArrayEquals((short[]) sp.getPixels(), (short[]) i16.getProcessor().getPixels());
        ImagePlus i32 = ImageFiles.readImagePlus(g32);
        assertEquals(ImagePlus.GRAY32, i32.getType());
        assertEquals(-1.25f, i32.getProcessor().getf(5));
        assertEquals(ImagePlus.COLOR_RGB, ImageFiles.readImagePlus(rgb).getType());

        assertArrayEquals(argb, ImageFiles.readRgb(rgb).argb());
        assertEquals(gray(220), ImageFiles.readRgb(g8).argb()[11]);
        assertEquals(gray((55007 * 255 + 32767) / 65535), ImageFiles.readRgb(g16).argb()[11]);
        ColorizerException e = assertThrows(ColorizerException.class, () -> ImageFiles.readRgb(g32));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }

    @Test
    void multiPageTiffIsAStackAndRgbTakesTheFirstPage() throws Exception {
        ImageStack stack = new ImageStack(5, 4);
        for (int s = 0; s < 3; s++) {
            ShortProcessor sp = new ShortProcessor(5, 4);
            sp.set(2, 1, 1000 * (s + 1));
            stack.addSlice("slice" + s, sp);
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.getCalibration().pixelWidth = 0.25;
        imp.getCalibration().setUnit("um");
        Path file = dir.resolve("stack.tif");
        ImageFiles.writeTiff(file, imp);
        assertEquals("stack", imp.getTitle()); // not renamed by saving

        ImagePlus read = ImageFiles.readImagePlus(file);
        assertEquals(ImagePlus.GRAY16, read.getType());
        assertEquals(3, read.getStackSize());
        assertEquals(3000, read.getStack().getProcessor(3).get(2, 1));
        assertEquals("slice1", read.getStack().getSliceLabel(2));
        assertEquals(0.25, read.getCalibration().pixelWidth, 1e-12);
        assertEquals(gray((1000 * 255 + 32767) / 65535), ImageFiles.readRgb(file).argb()[1 * 5 + 2]);
    }

    @Test
    void compressedTiffFromJavaImageIoIsRead() throws Exception {
        int[] argb = TestImages.randomArgb(20 * 10, 9);
        Path file = dir.resolve("lzw.tif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("LZW");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(TestImages.rgb(20, 10, argb), null, null), param);
        } finally {
            writer.dispose();
        }
        assertArrayEquals(argb, ImageFiles.readRgb(file).argb());
    }

    private static void writeTiff(BufferedImage img, String compression, Path file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    @Test
    void jpegAndFaxCompressedTiffGoThroughImageIo() throws Exception {
        // ImageJ 1.54 would return noise for this one (JPEG in a TIFF narrower than 500 pixels)
        Path jpegTiff = dir.resolve("jpeg.tif");
        writeTiff(TestImages.smoothRgb(64, 48), "JPEG", jpegTiff);
        BufferedImage decoded = ImageIO.read(jpegTiff.toFile());
        assertArrayEquals(decoded.getRGB(0, 0, 64, 48, null, 0, 64), ImageFiles.readRgb(jpegTiff).argb());
        assertEquals(ImagePlus.COLOR_RGB, ImageFiles.readImagePlus(jpegTiff).getType());
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> ImageFiles.readRgb(TestImages.truncate(jpegTiff, 0.6, dir.resolve("cutjpeg.tif"))));
        assertTrue(e.getMessage().contains("cutjpeg.tif"), e.getMessage());

        BufferedImage bilevel = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_BINARY);
        bilevel.getRaster().setSample(5, 7, 0, 1);
        Path fax = dir.resolve("scan.tif");
        writeTiff(bilevel, "CCITT T.6", fax);
        int[] rgb = ImageFiles.readRgb(fax).argb();
        assertEquals(gray(255), rgb[7 * 40 + 5]);
        assertEquals(gray(0), rgb[7 * 40 + 6]);
        ImagePlus imp = ImageFiles.readImagePlus(fax);
        assertEquals(ImagePlus.GRAY8, imp.getType());
        assertEquals(255, imp.getProcessor().get(5, 7));
    }

    @Test
    void rgb48TiffKeepsSixteenBitsInImageJAndCombinesForRgb() throws Exception {
        int[][] samples = {{65535, 0, 257 * 7}, {128, 129, 40000}};
        Path file = dir.resolve("rgb48.tif");
        writeTiff(TestImages.rgb48(2, 1, samples), "LZW", file);
        ImagePlus imp = ImageFiles.readImagePlus(file);
        assertEquals(16, imp.getBitDepth());
        assertEquals(3, imp.getNChannels());
        assertEquals(40000, imp.getStack().getProcessor(3).get(1, 0));
        assertArrayEquals(new int[] {0xFFFF0007, 0xFF000000 | 0 << 16 | 1 << 8 | 156},
                ImageFiles.readRgb(file).argb());
    }

    @Test
    void eightBitTiffThroughItsLut() throws Exception {
        ByteProcessor inverted = new ByteProcessor(2, 1);
        inverted.set(1, 0, 200);
        inverted.invertLut();
        Path file = save(new ImagePlus("inv", inverted), "inverted.tif");
        assertArrayEquals(new int[] {gray(255), gray(55)}, ImageFiles.readRgb(file).argb());

        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) i;
        }
        ByteProcessor red = new ByteProcessor(2, 1);
        red.set(1, 0, 100);
        red.setColorModel(new IndexColorModel(8, 256, ramp, new byte[256], new byte[256]));
        file = save(new ImagePlus("red", red), "redlut.tif");
        assertArrayEquals(new int[] {0xFF000000, 0xFF640000}, ImageFiles.readRgb(file).argb());
        assertEquals(100, ImageFiles.readImagePlus(file).getProcessor().get(1, 0)); // values kept
    }

    @Test
    void writtenPngAndTiffReadBack() throws Exception {
        int[] argb = TestImages.randomArgb(6 * 7, 1);
        RgbImage img = new RgbImage(6, 7, argb);
        Path png = dir.resolve("out/sub/result.png");
        ImageFiles.writePng(png, img);
        assertArrayEquals(argb, ImageFiles.readRgb(png).argb());

        Path tif = dir.resolve("out/result.tif");
        ImageFiles.writeTiff(tif, new ImagePlus("x", new ColorProcessor(6, 7, argb.clone())));
        assertArrayEquals(argb, ImageFiles.readRgb(tif).argb());
    }

    @Test
    void isGrayscaleTolerance() {
        int[] px = {gray(10), 0xFF0A0B0C, gray(200)}; // spread 2
        assertTrue(ImageFiles.isGrayscale(px));
        assertFalse(ImageFiles.isGrayscale(px, 1));
        assertFalse(ImageFiles.isGrayscale(new int[] {gray(0), 0xFF0A0B0D}));
        assertTrue(ImageFiles.isGrayscale(new int[] {gray(0), 0xFF0A0B0D}, 3));
        assertTrue(ImageFiles.isGrayscale(new int[] {0x00050505, 0x7F0A0A0A}, 0)); // alpha is ignored
        assertTrue(ImageFiles.isGrayscale(new int[0]));
    }

    private Path save(ImagePlus imp, String name) {
        Path file = dir.resolve(name);
        assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
        return file;
    }
}
