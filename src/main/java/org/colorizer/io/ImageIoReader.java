package org.colorizer.io;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.colorizer.ColorizerException;

/**
 * Decodes JPEG, PNG and BMP with javax.imageio (the JDK's own readers when several are installed, as in Fiji).
 * The declared size is checked before any pixel memory is allocated; decoder warnings (a truncated or corrupt
 * JPEG decodes "successfully" with a gray or smeared bottom part) are treated as errors.
 */
final class ImageIoReader {
    private ImageIoReader() {}

    static BufferedImage read(Path file, ImageFormat format, long maxPixels, int bytesPerPixel) {
        ImageReader reader = reader(format);
        List<String> warnings = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
                ImageInputStream in = new FileImageInputStream(raf)) {
            reader.setInput(in, true, true); // metadata would slow JPEG reading
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            ImageFiles.checkSize(file, w, h, 1, maxPixels, bytesPerPixel);
            if (format == ImageFormat.JPEG) {
                int components = jpegComponents(file);
                if (components == 4) {
                    throw new ColorizerException(file + " is a CMYK (or YCCK) JPEG, as used for printing, which is "
                            + "not supported: convert it to an RGB (sRGB) JPEG, PNG or TIFF first.");
                }
            }
            BufferedImage img = reader.read(0);
            List<String> serious = new ArrayList<>();
            for (String warning : warnings) {
                if (!warning.toUpperCase(Locale.ROOT).contains("ICC")) { // an ignored bad ICC profile is harmless
                    serious.add(warning);
                }
            }
            if (!serious.isEmpty()) {
                throw new ColorizerException(file + " is damaged or truncated: the " + format.label
                        + " decoder reported \"" + String.join("; ", serious) + "\". Copy or download it again.");
            }
            if (img == null || img.getWidth() != w || img.getHeight() != h) {
                throw new ColorizerException(file + " could not be decoded as " + format.label + ".");
            }
            return img;
        } catch (ColorizerException e) {
            throw e;
        } catch (EOFException e) {
            throw truncated(file, format, e);
        } catch (IOException e) {
            if (hasCause(e, EOFException.class)) {
                throw truncated(file, format, e);
            }
            throw new ColorizerException(file + " could not be decoded as " + format.label + " (" + message(e)
                    + "): the file is damaged, truncated, or not really a " + format.label + " file.", e);
        } catch (OutOfMemoryError e) {
            throw new ColorizerException("Not enough memory to read " + file + ": give Java more memory (-Xmx, or "
                    + "Edit > Options > Memory & Threads in Fiji) or use smaller images.");
        } catch (RuntimeException e) {
            // decoders throw IllegalArgumentException, ArrayIndexOutOfBounds... on malformed headers
            throw new ColorizerException(file + " could not be decoded as " + format.label + " (" + message(e)
                    + "): the file is damaged.", e);
        } finally {
            reader.dispose();
        }
    }

    private static ColorizerException truncated(Path file, ImageFormat format, Exception e) {
        return new ColorizerException(file + " is truncated: the " + format.label
                + " data ends before the image is complete. Copy or download it again.", e);
    }

    private static ImageReader reader(ImageFormat format) {
        String name = format.name().toLowerCase(Locale.ROOT);
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(name); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return r;
            }
            if (fallback == null) {
                fallback = r;
            } else {
                r.dispose();
            }
        }
        if (fallback == null) {
            throw new ColorizerException("This Java installation has no " + format.label + " reader.");
        }
        return fallback;
    }

    /** Number of color components in the JPEG frame header (SOFn), or -1 if not found. */
    static int jpegComponents(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 8192))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return -1;
            }
            while (true) {
                if (in.readUnsignedByte() != 0xFF) {
                    return -1;
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) { // fill bytes
                    marker = in.readUnsignedByte();
                }
                if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) { // markers without a length
                    continue;
                }
                if (marker == 0xD9 || marker == 0xDA) { // end of image or start of scan before any frame
                    return -1;
                }
                int length = in.readUnsignedShort();
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    in.readUnsignedByte(); // precision
                    in.readUnsignedShort(); // height
                    in.readUnsignedShort(); // width
                    return in.readUnsignedByte();
                }
                for (long left = length - 2; left > 0; ) {
                    long skipped = in.skip(left);
                    if (skipped <= 0) {
                        in.readUnsignedByte(); // throws EOFException at the end
                        skipped = 1;
                    }
                    left -= skipped;
                }
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (t != e && t.getMessage() != null && !m.contains(t.getMessage())) {
            m += ": " + t.getMessage();
        }
        return m;
    }
}
