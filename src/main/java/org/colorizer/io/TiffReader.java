package org.colorizer.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colorizer.ColorizerException;

/**
 * Reads TIFF with ImageJ 1.x (stacks, hyperstacks, 8/16/32-bit, RGB, calibration), after checking the declared
 * size against the limit and the file length against the image data the header points to: ImageJ itself
 * would silently return a partial or zero-filled image from a truncated file. JPEG-compressed TIFF (which
 * ImageJ 1.54 decodes wrongly) and TIFF that ImageJ cannot parse (CCITT fax compression, ...) go to javax.imageio
 * instead, first page only.
 */
final class TiffReader {
    private TiffReader() {}

    static ImagePlus read(Path file, long maxPixels) {
        String dir = file.getParent().toString() + File.separator;
        String name = file.getFileName().toString();
        if (!imageJCanDecode(file)) {
            return viaImageIo(file, maxPixels, null);
        }
        FileInfo[] info;
        try {
            info = new TiffDecoder(dir, name).getTiffInfo();
        } catch (IOException | RuntimeException e) {
            // e.g. CCITT fax compression, which ImageJ lacks: javax.imageio may read it
            return viaImageIo(file, maxPixels, "ImageJ: " + message(e));
        }
        if (info == null || info.length == 0 || info[0] == null) {
            throw new ColorizerException(file + " is not a readable TIFF file (no image found in it).");
        }
        FileInfo first = info[0];
        boolean sameSize = true;
        for (FileInfo fi : info) {
            sameSize &= fi.width == first.width && fi.height == first.height && fi.fileType == first.fileType;
        }
        long images = info.length > 1 ? (sameSize ? info.length : 1) : Math.max(1, first.nImages);
        int samples = first.fileType == FileInfo.RGB48 || first.fileType == FileInfo.RGB48_PLANAR
                ? Math.max(3, first.samplesPerPixel) : 1;
        ImageFiles.checkSize(file, first.width, first.height, images * samples, maxPixels,
                Math.max(1, first.getBytesPerPixel() / samples));
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new ColorizerException("Cannot read " + file + ": " + AtomicFiles.reason(e) + ".", e);
        }
        for (int i = 0; i < (sameSize ? info.length : 1); i++) {
            long end = dataEnd(info[i]);
            if (end > length) {
                throw new ColorizerException(file + " is truncated: its image data should reach byte " + end
                        + " but the file has only " + length + " bytes. Copy or download it again.");
            }
        }
        ImagePlus imp;
        try {
            imp = new Opener().openTiff(dir, name);
        } catch (RuntimeException e) {
            throw new ColorizerException(file + " could not be decoded as TIFF (" + message(e) + ").", e);
        }
        if (imp == null) {
            throw new ColorizerException(file + " could not be decoded as TIFF: the file is damaged, or its "
                    + "layout is one ImageJ does not read.");
        }
        if (imp.getStackSize() < images * samples) {
            throw new ColorizerException(file + " could be read only in part (" + imp.getStackSize() + " of "
                    + images * samples + " images); the file is damaged.");
        }
        return imp;
    }

    /** The first page through javax.imageio (JPEG- or CCITT-compressed TIFF), as {@link ImageFiles#readImagePlus}. */
    private static ImagePlus viaImageIo(Path file, long maxPixels, String imageJError) {
        try {
            return BufferedImages.toImagePlus(ImageIoReader.read(file, ImageFormat.TIFF, maxPixels, 4), file);
        } catch (ColorizerException e) {
            if (imageJError == null || e.getMessage().contains("too large") || e.getMessage().contains("memory")) {
                throw e;
            }
            throw new ColorizerException(file + " is not a readable TIFF file (" + imageJError + "; "
                    + e.getMessage().replace(file.toString(), "javax.imageio:") + ")", e);
        }
    }

    /**
     * False for tiled TIFF and for compressions other than none, LZW, PackBits and Deflate in the first image
     * directory. ImageJ 1.54 takes "new JPEG" (7) in images narrower than 500 pixels for uncompressed (a
     * work-around for camera thumbnails) and returns noise; the tag is therefore read here.
     */
    static boolean imageJCanDecode(Path file) {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer header = read(ch, 0, 8, ByteOrder.BIG_ENDIAN);
            ByteOrder order = header.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            long ifd = header.order(order).getInt(4) & 0xFFFFFFFFL;
            int entries = read(ch, ifd, 2, order).getShort(0) & 0xFFFF;
            ByteBuffer dir = read(ch, ifd + 2, entries * 12, order);
            for (int i = 0; i < entries; i++) {
                int tag = dir.getShort(i * 12) & 0xFFFF;
                int type = dir.getShort(i * 12 + 2) & 0xFFFF;
                long value = type == 3 ? dir.getShort(i * 12 + 8) & 0xFFFF : dir.getInt(i * 12 + 8) & 0xFFFFFFFFL;
                if (tag == TiffDecoder.TILE_WIDTH) {
                    return false;
                }
                if (tag == TiffDecoder.COMPRESSION && value != 1 && value != 5 && value != 8 && value != 32773
                        && value != 32946) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return true; // let ImageJ report what is wrong
        }
    }

    private static ByteBuffer read(SeekableByteChannel ch, long position, int length, ByteOrder order)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(order);
        ch.position(position);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException();
            }
        }
        return buf;
    }

    /** The byte just past the image data this header describes. */
    private static long dataEnd(FileInfo fi) {
        long bytesPerImage = fi.fileType == FileInfo.BITMAP
                ? (fi.width + 7L) / 8 * fi.height
                : (long) fi.width * fi.height * fi.getBytesPerPixel();
        if (fi.nImages > 1) {
            return fi.getOffset() + fi.nImages * bytesPerImage + (fi.nImages - 1) * Math.max(0, fi.getGap());
        }
        if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0
                && fi.stripLengths.length == fi.stripOffsets.length) {
            long end = 0;
            for (int s = 0; s < fi.stripOffsets.length; s++) {
                end = Math.max(end, (fi.stripOffsets[s] & 0xFFFFFFFFL) + (fi.stripLengths[s] & 0xFFFFFFFFL));
            }
            return end;
        }
        return fi.compression <= FileInfo.COMPRESSION_NONE ? fi.getOffset() + bytesPerImage : 0;
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
