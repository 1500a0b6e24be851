package org.colorizer.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.io.TiffEncoder;
import ij.process.ImageProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.colorizer.ColorizerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading, listing and writing image files (JPEG, PNG, TIFF, BMP) for training, evaluation and colorization.
 *
 * <p>Formats are recognized by content, not extension. Every problem with a file (missing, empty, not an image,
 * truncated, corrupt, too large, unsupported variant such as CMYK JPEG) is a {@link ColorizerException} whose
 * message names the file; a partly decoded image is never returned. Sizes are checked from the header before
 * pixel memory is allocated: at most {@code maxPixels} pixels (width x height x images in a stack).
 */
public final class ImageFiles {
    /** Default limit on width x height x images: 2^30 (a 32768 x 32768 photo, or 1024 slices of 1024 x 1024). */
    public static final long DEFAULT_MAX_PIXELS = 1L << 30;
    /** Default largest max(R,G,B) - min(R,G,B) of a pixel still counted as gray (JPEG noise). */
    public static final int DEFAULT_GRAY_TOLERANCE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);
    private static final Set<String> EXTENSIONS =
            new HashSet<>(Arrays.asList("jpg", "jpeg", "png", "tif", "tiff", "bmp"));

    private ImageFiles() {}

    // ---------------------------------------------------------------------------------------------- listing

    /** True for names ending in .jpg, .jpeg, .png, .tif, .tiff or .bmp, in any letter case. */
    public static boolean isImageName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@link #listImages(Path, Consumer)} with warnings logged. */
    public static List<Path> listImages(Path dir) {
        return listImages(dir, LOG::warn);
    }

    /**
     * All image files ({@link #isImageName}) under {@code dir}, recursively, sorted by path ({@link Path}
     * order: by name bytes, so "B" before "a" and "10" before "9"). Hidden files and folders (name starting
     * with '.', or hidden attribute) are skipped, except {@code dir} itself. Symbolic links are followed; a link
     * back to a folder being listed (a loop) is skipped with a warning, as are unreadable sub-folders.
     *
     * @throws ColorizerException if {@code dir} is not a readable folder
     */
    public static List<Path> listImages(Path dir, Consumer<String> warnings) {
        if (!Files.isDirectory(dir)) {
            throw new ColorizerException(Files.exists(dir) ? dir + " is a file, not a folder of images."
                    : "The folder " + dir + " does not exist.");
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<Path>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(dir) && isHidden(d) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && isImageName(f) && !isHidden(f)) {
                                found.add(f);
                            } else if (attrs.isSymbolicLink() && isImageName(f) && !isHidden(f)) {
                                warnings.accept("Skipping " + f + ": broken symbolic link.");
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                            if (f.equals(dir)) {
                                throw e;
                            }
                            if (e instanceof FileSystemLoopException) {
                                warnings.accept("Skipping " + f + ": symbolic link loop (it leads back to a "
                                        + "folder that contains it).");
                            } else if (!isHidden(f)) {
                                warnings.accept("Skipping " + f + ": " + AtomicFiles.reason(e) + ".");
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                            if (e != null) {
                                if (d.equals(dir)) {
                                    throw e;
                                }
                                warnings.accept("Listing of " + d + " is incomplete: " + AtomicFiles.reason(e)
                                        + ".");
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new ColorizerException("Cannot list the folder " + dir + ": " + AtomicFiles.reason(e) + ".", e);
        }
        Collections.sort(found);
        return found;
    }

    private static boolean isHidden(Path p) {
        Path name = p.getFileName();
        if (name != null && name.toString().startsWith(".")) {
            return true;
        }
        try {
            return Files.isHidden(p);
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------- reading

    /** {@link #readRgb(Path, long)} with {@link #DEFAULT_MAX_PIXELS}. */
    public static RgbImage readRgb(Path file) {
        return readRgb(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * An 8-bit sRGB image, opaque, for training and evaluation.
     *
     * <ul>
     *   <li>gray (8-bit, and 1/2/4-bit scaled to 0..255): value v becomes (v, v, v), read from the raster;
     *   <li>16-bit channels: rounded to 8 bits, v * 255 / 65535 (so 257 * k becomes k);
     *   <li>palette: the palette's colors; alpha (RGBA, gray+alpha, palette transparency): composited on
     *       white;
     *   <li>TIFF (as {@link #readImagePlus}, then {@link #toRgb(ImagePlus)}): the first image of a stack;
     *       8-bit through its LUT (an inverting LUT inverts); 48-bit RGB combined; alpha dropped; 32-bit float
     *       rejected (no defined 8-bit mapping);
     *   <li>CMYK JPEG: rejected with a message asking for conversion to RGB;
     *   <li>embedded ICC profiles and EXIF orientation are ignored.
     * </ul>
     *
     * @throws ColorizerException naming the file if it cannot be read as described
     */
    public static RgbImage readRgb(Path file, long maxPixels) {
        ImageFormat format = check(file);
        if (format == ImageFormat.TIFF) {
            return toRgb(TiffReader.read(file.toAbsolutePath(), maxPixels));
        }
        BufferedImage img = ImageIoReader.read(file, format, maxPixels, 8);
        return new RgbImage(img.getWidth(), img.getHeight(), BufferedImages.toArgb(img, true));
    }

    /** {@link #readImagePlus(Path, long)} with {@link #DEFAULT_MAX_PIXELS}. */
    public static ImagePlus readImagePlus(Path file) {
        return readImagePlus(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * An ImageJ image keeping the stored sample values, for colorization. TIFF is read by ImageJ (GRAY8,
     * GRAY16, GRAY32, COLOR_RGB, 8-bit with LUT, stacks and hyperstacks, calibration), except JPEG- or
     * fax-compressed and tiled TIFF, which go through javax.imageio (first page) as below. JPEG/PNG/BMP: gray
     * 8-bit stays GRAY8 (below 8 bits: scaled to 0..255), 16-bit gray stays GRAY16 with the raw values, a
     * palette with gray entries only becomes GRAY8 holding the palette's gray values, other palettes and all
     * color images become COLOR_RGB (16-bit channels rounded to 8 bits). Alpha is dropped, as in ImageJ. The
     * title is the file name.
     *
     * @throws ColorizerException naming the file if it cannot be read
     */
    public static ImagePlus readImagePlus(Path file, long maxPixels) {
        ImageFormat format = check(file);
        Path abs = file.toAbsolutePath();
        if (format == ImageFormat.TIFF) {
            return TiffReader.read(abs, maxPixels);
        }
        return BufferedImages.toImagePlus(ImageIoReader.read(file, format, maxPixels, 4), abs);
    }

    /**
     * {@link #readImagePlus(Path)} for an image held in memory (read from a Hadoop file system, say), decoded by
     * the very same code: the bytes are written to a temporary file named {@code name} (its last path element)
     * in a fresh folder under {@code java.io.tmpdir}, read, and deleted. The title is that file name, as for a
     * file; error messages name {@code name} instead of the temporary file.
     *
     * @throws ColorizerException naming {@code name} if the bytes cannot be read as an image
     */
    public static ImagePlus readImagePlus(byte[] content, String name) {
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")) {
            fileName = "image";
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("colorizer-read");
        } catch (IOException e) {
            throw new ColorizerException("Cannot read " + name + ": no temporary folder (" + AtomicFiles.reason(e)
                    + ").", e);
        }
        Path file = dir.resolve(fileName);
        try {
            Files.write(file, content);
            return readImagePlus(file);
        } catch (IOException e) {
            throw new ColorizerException("Cannot read " + name + ": the temporary copy " + file + " could not be "
                    + "written (" + AtomicFiles.reason(e) + ").", e);
        } catch (ColorizerException e) {
            String m = e.getMessage() == null ? null : e.getMessage().replace(file.toAbsolutePath().toString(), name)
                    .replace(file.toString(), name);
            throw new ColorizerException(m, e);
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary copy {}: {}", file, e.toString());
            }
        }
    }

    /**
     * The first image of {@code imp} as opaque 8-bit RGB: COLOR_RGB as is; 8-bit through its LUT; 16-bit
     * rounded to 8 bits (v * 255 / 65535, not the display range); a 48-bit RGB TIFF (3-channel 16-bit) combined
     * the same way.
     *
     * @throws ColorizerException for 32-bit images
     */
    public static RgbImage toRgb(ImagePlus imp) {
        int w = imp.getWidth();
        int h = imp.getHeight();
        int n = Math.multiplyExact(w, h);
        int[] out = new int[n];
        ImageStack stack = imp.getStack();
        FileInfo ofi = imp.getOriginalFileInfo();
        boolean rgb48 = imp.getBitDepth() == 16 && imp.getNChannels() >= 3 && ofi != null
                && (ofi.fileType == FileInfo.RGB48 || ofi.fileType == FileInfo.RGB48_PLANAR);
        if (rgb48) {
            short[] r = (short[]) stack.getPixels(imp.getStackIndex(1, 1, 1));
            short[] g = (short[]) stack.getPixels(imp.getStackIndex(2, 1, 1));
            short[] b = (short[]) stack.getPixels(imp.getStackIndex(3, 1, 1));
            for (int i = 0; i < n; i++) {
                out[i] = 0xFF000000 | BufferedImages.to8(r[i] & 0xFFFF, 16) << 16
                        | BufferedImages.to8(g[i] & 0xFFFF, 16) << 8 | BufferedImages.to8(b[i] & 0xFFFF, 16);
            }
            return new RgbImage(w, h, out);
        }
        ImageProcessor ip = stack.getProcessor(1);
        switch (imp.getBitDepth()) {
            case 24: {
                int[] px = (int[]) ip.getPixels();
                for (int i = 0; i < n; i++) {
                    out[i] = px[i] | 0xFF000000;
                }
                break;
            }
            case 8: {
                byte[] px = (byte[]) ip.getPixels();
                int[] lut = new int[256];
                ColorModel cm = ip.getColorModel();
                for (int v = 0; v < 256; v++) {
                    lut[v] = cm instanceof IndexColorModel && v < ((IndexColorModel) cm).getMapSize()
                            ? ((IndexColorModel) cm).getRGB(v) | 0xFF000000
                            : 0xFF000000 | v << 16 | v << 8 | v;
                }
                for (int i = 0; i < n; i++) {
                    out[i] = lut[px[i] & 0xFF];
                }
                break;
            }
            case 16: {
                short[] px = (short[]) ip.getPixels();
                for (int i = 0; i < n; i++) {
                    int v = BufferedImages.to8(px[i] & 0xFFFF, 16);
                    out[i] = 0xFF000000 | v << 16 | v << 8 | v;
                }
                break;
            }
            default:
                throw new ColorizerException(imp.getTitle() + " is a " + imp.getBitDepth() + "-bit image, which "
                        + "has no fixed conversion to 8-bit RGB; convert it to 8 or 16 bits first.");
        }
        return new RgbImage(w, h, out);
    }

    /** {@link #isGrayscale(int[], int)} with {@link #DEFAULT_GRAY_TOLERANCE} (2). */
    public static boolean isGrayscale(int[] argb) {
        return isGrayscale(argb, DEFAULT_GRAY_TOLERANCE);
    }

    /**
     * True when every pixel has max(R,G,B) - min(R,G,B) &lt;= {@code tolerance}: tolerance 0 means exactly
     * R == G == B; the default 2 absorbs the chroma noise of gray photos saved as color JPEG. Toned photos
     * (sepia, cyanotype) count as color. An empty array is gray.
     */
    public static boolean isGrayscale(int[] argb, int tolerance) {
        for (int c : argb) {
            int r = c >> 16 & 255;
            int g = c >> 8 & 255;
            int b = c & 255;
            int spread = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
            if (spread > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** Checks the file exists, is a non-empty readable regular file in a supported format. */
    private static ImageFormat check(Path file) {
        if (!Files.exists(file)) {
            throw new ColorizerException(Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? file + " is a broken symbolic link." : "The image file " + file + " does not exist.");
        }
        if (Files.isDirectory(file)) {
            throw new ColorizerException(file + " is a folder, not an image file.");
        }
        if (!Files.isRegularFile(file)) {
            throw new ColorizerException(file + " is not a regular file (device, pipe or socket).");
        }
        ImageFormat.Probe probe;
        try {
            if (Files.size(file) == 0) {
                throw new ColorizerException(file + " is empty (0 bytes): an interrupted copy or download? "
                        + "Copy it again or remove it.");
            }
            probe = ImageFormat.probe(file);
        } catch (AccessDeniedException e) {
            throw new ColorizerException(file + " cannot be read: permission denied.", e);
        } catch (IOException e) {
            throw new ColorizerException(file + " cannot be read: " + AtomicFiles.reason(e) + ".", e);
        }
        if (probe.format == null) {
            if (probe.otherKind != null) {
                throw new ColorizerException(file + " is a " + probe.otherKind + " image, which is not supported: "
                        + "convert it to PNG, TIFF or JPEG.");
            }
            throw new ColorizerException(file + " is not an image file this program can read: its content is "
                    + "not JPEG, PNG, TIFF or BMP" + (isImageName(file) ? " whatever its extension says" : "")
                    + ".");
        }
        return probe.format;
    }

    /**
     * Rejects sizes that are invalid, over {@code maxPixels} (width x height x planes), too large for a Java
     * array, or larger than the Java heap, before anything is allocated.
     */
    static void checkSize(Path file, long width, long height, long planes, long maxPixels, int bytesPerPixel) {
        if (width <= 0 || height <= 0 || planes <= 0) {
            throw new ColorizerException(file + " declares an invalid size (" + width + " x " + height
                    + "); the file is damaged.");
        }
        String size = width + " x " + height + (planes > 1 ? " x " + planes + " images" : "");
        double pixels = (double) width * height * planes;
        if (pixels > maxPixels) {
            throw new ColorizerException(file + " is too large: " + size + " = " + (long) pixels + " pixels, "
                    + "more than the limit of " + maxPixels + " pixels. Use smaller images, or raise the limit "
                    + "if this is intended and there is enough memory.");
        }
        if (width * height > Integer.MAX_VALUE - 8) {
            throw new ColorizerException(file + " is too large: " + size + " has more than 2^31 pixels per "
                    + "image, which Java and ImageJ cannot hold.");
        }
        double bytes = pixels * bytesPerPixel;
        long max = Runtime.getRuntime().maxMemory();
        if (max != Long.MAX_VALUE && bytes > max) {
            throw new ColorizerException(file + " (" + size + ") needs about " + (long) (bytes / (1 << 20))
                    + " MB, more than the " + max / (1 << 20) + " MB Java may use: give Java more memory (-Xmx, "
                    + "or Edit > Options > Memory & Threads in Fiji).");
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** {@link #writePng(Path, int[], int, int)} for an {@link RgbImage}. */
    public static void writePng(Path file, RgbImage image) {
        writePng(file, image.argb(), image.width(), image.height());
    }

    /**
     * Writes an 8-bit RGB PNG (alpha is ignored) atomically, see {@link AtomicFiles}.
     *
     * @throws ColorizerException naming the file if it cannot be written (an existing file stays intact)
     */
    public static void writePng(Path file, int[] argb, int width, int height) {
        checkPngSize(argb, width, height);
        AtomicFiles.write(file, out -> writePng(out, argb, width, height));
    }

    /**
     * Encodes an 8-bit RGB PNG (alpha is ignored) into {@code out}, byte for byte what
     * {@link #writePng(Path, int[], int, int)} writes to a file (for callers that store files elsewhere, such as
     * a Hadoop file system). {@code out} is not closed.
     */
    public static void writePng(OutputStream out, int[] argb, int width, int height) throws IOException {
        checkPngSize(argb, width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.getRaster().setDataElements(0, 0, width, height, argb);
        ImageWriter writer = jdkWriter("png");
        // Lossless either way. Compression "quality" 0.75 (a lower deflate level than the JDK's default) writes
        // photos faster, with files no larger (docs/benchmarks.md).
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.75f);
        }
        // MemoryCacheImageOutputStream.close() flushes into out and leaves it open
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static void checkPngSize(int[] argb, int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException(
                    "Image size " + width + "x" + height + " does not match " + argb.length + " pixels");
        }
    }

    /**
     * Writes {@code imp} (image or stack, any type, with ImageJ's metadata: calibration, hyperstack layout,
     * display ranges and LUTs, slice labels, ROI, overlay, Info property) as ImageJ would with File > Save As >
     * Tiff, atomically (see {@link AtomicFiles}). {@code imp} itself is not changed (title, file info).
     *
     * @throws ColorizerException naming the file if it cannot be written (an existing file stays intact)
     */
    public static void writeTiff(Path file, ImagePlus imp) {
        AtomicFiles.write(file, out -> writeTiff(out, imp));
    }

    /**
     * Encodes {@code imp} as {@link #writeTiff(Path, ImagePlus)} writes it, into {@code out} (not closed).
     */
    public static void writeTiff(OutputStream out, ImagePlus imp) throws IOException {
        FileSaver saver = new FileSaver(imp);
        FileInfo fi = imp.getFileInfo();
        Object info = imp.getProperty("Info");
        if (info instanceof String) {
            fi.info = (String) info;
        }
        if (fi.nImages > 1) {
            ImageStack stack = imp.getStack();
            if (stack.isVirtual()) {
                fi.virtualStack = (ij.VirtualStack) stack;
            } else {
                fi.sliceLabels = stack.getSliceLabels();
            }
            if (imp.isComposite()) {
                saver.saveDisplayRangesAndLuts(imp, fi);
            }
        } else {
            Object label = imp.getProperty("Label");
            if (label instanceof String) {
                fi.sliceLabels = new String[] {(String) label};
            }
        }
        fi.description = saver.getDescriptionString();
        Roi roi = imp.getRoi();
        fi.roi = roi != null ? RoiEncoder.saveAsByteArray(roi) : null;
        fi.overlay = FileSaver.getOverlay(imp);
        DataOutputStream data = new DataOutputStream(out);
        new TiffEncoder(fi).write(data);
        data.flush();
    }

    private static ImageWriter jdkWriter(String format) {
        ImageWriter fallback = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio.")) {
                return w;
            }
            fallback = fallback == null ? w : fallback;
        }
        if (fallback == null) {
            throw new ColorizerException("This Java installation has no " + format.toUpperCase(Locale.ROOT)
                    + " writer.");
        }
        return fallback;
    }
}
