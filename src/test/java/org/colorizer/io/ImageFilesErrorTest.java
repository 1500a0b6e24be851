package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad file gives a ColorizerException naming it, from both readers. */
class ImageFilesErrorTest {
    @TempDir
    Path dir;

    /** Asserts both readers reject {@code file} with a message naming it and containing {@code words}. */
    private static String assertRejected(Path file, String... words) {
        String message = null;
        for (int reader = 0; reader < 2; reader++) {
            boolean rgb = reader == 0;
            ColorizerException e = assertThrows(ColorizerException.class,
                    () -> {
                        if (rgb) {
                            ImageFiles.readRgb(file);
                        } else {
                            ImageFiles.readImagePlus(file);
                        }
                    });
            message = e.getMessage();
            assertTrue(message.contains(file.getFileName().toString()), message);
            for (String w : words) {
                assertTrue(message.toLowerCase().contains(w.toLowerCase()), "'" + w + "' missing in: " + message);
            }
        }
        return message;
    }

    @Test
    void zeroByteFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.png"));
        assertRejected(file, "empty");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] junk = new byte[5000];
        new Random(2).nextBytes(junk);
        junk[0] = 'x';
        Path file = Files.write(dir.resolve("noise.jpg"), junk);
        assertRejected(file, "not an image");
        Path text = Files.write(dir.resolve("notes.txt"), "hello".getBytes("UTF-8"));
        assertRejected(text, "not an image");
    }

    @Test
    void jpegMagicFollowedByJunk() throws Exception {
        byte[] junk = new byte[3000];
        new Random(5).nextBytes(junk);
        junk[0] = (byte) 0xFF;
        junk[1] = (byte) 0xD8;
        junk[2] = (byte) 0xFF;
        assertRejected(Files.write(dir.resolve("fake.jpg"), junk));
    }

    @Test
    void truncatedJpegIsNotAcceptedPartly() throws Exception {
        Path full = dir.resolve("full.jpg");
        TestImages.write(TestImages.smoothRgb(200, 150), "jpeg", full);
        ImageFiles.readRgb(full); // the complete file is fine
        for (double f : new double[] {0.1, 0.5, 0.95}) {
            Path cut = TestImages.truncate(full, f, dir.resolve("cut" + (int) (f * 100) + ".jpg"));
            assertRejected(cut, "truncated");
        }
    }

    @Test
    void truncatedPng() throws Exception {
        Path full = dir.resolve("full.png");
        TestImages.write(TestImages.rgb(120, 80, TestImages.randomArgb(120 * 80, 4)), "png", full);
        for (double f : new double[] {0.02, 0.5, 0.99}) {
            assertRejected(TestImages.truncate(full, f, dir.resolve("cut" + (int) (f * 100) + ".png")));
        }
    }

    @Test
    void truncatedBmp() throws Exception {
        Path full = dir.resolve("full.bmp");
        TestImages.write(TestImages.smoothRgb(50, 40), "bmp", full);
        assertRejected(TestImages.truncate(full, 0.6, dir.resolve("cut.bmp")), "truncated");
    }

    @Test
    void truncatedTiffImageAndStack() throws Exception {
        Path full = dir.resolve("full.tif");
        ImageFiles.writeTiff(full, new ImagePlus("rgb", new ColorProcessor(64, 64, TestImages.randomArgb(4096, 1))));
        assertRejected(TestImages.truncate(full, 0.7, dir.resolve("cut.tif")), "truncated");

        ImageStack stack = new ImageStack(32, 32);
        for (int s = 0; s < 4; s++) {
            stack.addSlice(new ByteProcessor(32, 32));
        }
        Path fullStack = dir.resolve("stack.tif");
        ImageFiles.writeTiff(fullStack, new ImagePlus("stack", stack));
        assertEquals(4, ImageFiles.readImagePlus(fullStack).getStackSize());
        assertRejected(TestImages.truncate(fullStack, 0.8, dir.resolve("cutstack.tif")), "truncated");
    }

    @Test
    void tiffMagicWithJunk() throws Exception {
        byte[] junk = new byte[2000];
        new Random(8).nextBytes(junk);
        junk[0] = 'I';
        junk[1] = 'I';
        junk[2] = 42;
        junk[3] = 0;
        assertRejected(Files.write(dir.resolve("junk.tif"), junk));
    }

    @Test
    void hugeDeclaredSizeRejectedBeforeAllocating() throws Exception {
        Path file = Files.write(dir.resolve("huge.png"), TestImages.pngHeaderOnly(100000, 100000));
        assertRejected(file, "too large", "100000 x 100000", "limit");
    }

    @Test
    void customPixelLimit() throws Exception {
        Path file = dir.resolve("small.png");
        TestImages.write(TestImages.smoothRgb(100, 50), "png", file);
        assertEquals(100, ImageFiles.readRgb(file, 5000).width());
        ColorizerException e = assertThrows(ColorizerException.class, () -> ImageFiles.readRgb(file, 4999));
        assertTrue(e.getMessage().contains("4999"), e.getMessage());
        assertThrows(ColorizerException.class, () -> ImageFiles.readImagePlus(file, 4999));

        ImageStack stack = new ImageStack(10, 10);
        for (int s = 0; s < 5; s++) {
            stack.addSlice(new ByteProcessor(10, 10));
        }
        Path tif = dir.resolve("stack.tif");
        ImageFiles.writeTiff(tif, new ImagePlus("s", stack));
        assertEquals(5, ImageFiles.readImagePlus(tif, 500).getStackSize());
        e = assertThrows(ColorizerException.class, () -> ImageFiles.readImagePlus(tif, 499));
        assertTrue(e.getMessage().contains("5 images"), e.getMessage());
    }

    @Test
    void cmykJpegRejectedWithAdvice() throws Exception {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        Path file = dir.resolve("print.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        assertRejected(file, "CMYK", "convert");
    }

    @Test
    void unsupportedFormatsNamed() throws Exception {
        Path gif = dir.resolve("anim.gif");
        TestImages.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif);
        assertRejected(gif, "GIF", "not supported");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes("US-ASCII");
        assertRejected(Files.write(dir.resolve("x.webp"), webp), "WebP");
    }

    @Test
    void missingFileFolderAndBrokenLink() throws Exception {
        assertRejected(dir.resolve("missing.png"), "does not exist");
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        assertRejected(folder, "folder");
        Path link = Files.createSymbolicLink(dir.resolve("broken.png"), dir.resolve("nowhere.png"));
        assertRejected(link, "broken symbolic link");
    }

    @Test
    void randomlyCorruptedFilesGiveAnImageOrAColorizerException() throws Exception {
        Random rnd = new Random(12);
        BufferedImage img = TestImages.rgb(48, 32, TestImages.randomArgb(48 * 32, 13));
        for (String format : new String[] {"jpeg", "png", "bmp", "tiff"}) {
            Path source = dir.resolve("source." + format);
            TestImages.write(format.equals("jpeg") ? TestImages.smoothRgb(48, 32) : img, format, source);
            byte[] original = Files.readAllBytes(source);
            for (int i = 0; i < 60; i++) {
                byte[] bytes = original.clone();
                int changes = 1 + rnd.nextInt(6);
                for (int k = 0; k < changes; k++) {
                    // half of the changes in the first 200 bytes, where the headers are
                    int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(200, bytes.length)) : rnd.nextInt(bytes.length);
                    bytes[at] = (byte) rnd.nextInt(256);
                }
                Path file = Files.write(dir.resolve("corrupt" + i + "." + format), bytes);
                try {
                    RgbImage read = ImageFiles.readRgb(file, 1 << 20);
                    assertEquals(read.width() * read.height(), read.argb().length);
                } catch (ColorizerException e) {
                    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
                }
                try {
                    ImageFiles.readImagePlus(file, 1 << 20);
                } catch (ColorizerException e) {
                    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
                }
            }
        }
    }

    @Test
    void unreadableFile() throws Exception {
        Path file = dir.resolve("secret.png");
        TestImages.write(TestImages.smoothRgb(8, 8), "png", file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(file), "running as root: permissions are not enforced");
            assertRejected(file, "permission denied");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

}
