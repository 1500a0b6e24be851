package org.colorizer.color;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.colorizer.ColorizerException;

/**
 * An image seen as a sequence of 2-D slices (planes of {@code width x height} samples, row-major) in one of
 * four sample kinds, read without copying wherever the storage allows.
 *
 * <ul>
 *   <li>ImageJ 1.x: {@link #of(ImagePlus)}; slices in stack order (channel fastest, then z, then t); the stack's
 *       own pixel arrays are used (virtual stacks load each slice when asked). 8-bit with a color LUT
 *       (COLOR_256) is converted to RGB per slice through its LUT; other 8/16/32-bit images use raw values
 *       (display LUT, inversion and calibration functions are ignored).
 *   <li>ImgLib2: {@link #of(RandomAccessibleInterval)}; dimensions 0 and 1 are X and Y, every further
 *       dimension is flattened into slices (dimension 2 fastest). {@code ArrayImg} and {@code PlanarImg} of
 *       UnsignedByteType / UnsignedShortType / FloatType / ARGBType are read in place; other images (views,
 *       cell images) are copied slice by slice when a slice is asked for; other RealTypes become GRAY32.
 * </ul>
 *
 * <p>L planes: {@link #lPlane(int, Normalization.Range)}; for RGB input L comes from the RGB itself and the range
 * is not used. Output goes through {@link RgbPlanes}.
 */
public final class ImagePlanes {
    /** Sample kinds: unsigned 8-bit, unsigned 16-bit, 32-bit float, packed RGB (alpha ignored). */
    public enum Kind {
        GRAY8, GRAY16, GRAY32, RGB
    }

    /**
     * One slice: {@code length} samples starting at {@code array[offset]}; the array is a {@code byte[]},
     * {@code short[]}, {@code float[]} or {@code int[]} according to {@code kind}. Treat as read-only.
     */
    public static final class Plane {
        public final Kind kind;
        public final Object array;
        public final int offset;
        public final int length;

        public Plane(Kind kind, Object array, int offset, int length) {
            int arrayLength = Array.getLength(array);
            if (offset < 0 || length < 0 || offset > arrayLength - length) {
                throw new IndexOutOfBoundsException(offset + "+" + length + " outside an array of " + arrayLength);
            }
            Class<?> expected = kind == Kind.GRAY8 ? byte[].class
                    : kind == Kind.GRAY16 ? short[].class : kind == Kind.GRAY32 ? float[].class : int[].class;
            if (array.getClass() != expected) {
                throw new IllegalArgumentException(kind + " needs a " + expected.getSimpleName() + ", got "
                        + array.getClass().getSimpleName());
            }
            this.kind = kind;
            this.array = array;
            this.offset = offset;
            this.length = length;
        }
    }

    private final Kind kind;
    private final int width;
    private final int height;
    private final int slices;
    private final long[] dimensions;
    private final ImagePlus imagePlus; // source for calibration and C/Z/T, or null
    private final IntFunction<Plane> planes;

    private ImagePlanes(Kind kind, int width, int height, int slices, long[] dimensions, ImagePlus imagePlus,
            IntFunction<Plane> planes) {
        this.kind = kind;
        this.width = width;
        this.height = height;
        this.slices = slices;
        this.dimensions = dimensions;
        this.imagePlus = imagePlus;
        this.planes = planes;
    }

    // ------------------------------------------------------------------ sources

    /** All slices of an ImageJ 1.x image (GRAY8, GRAY16, GRAY32, COLOR_RGB, COLOR_256). */
    public static ImagePlanes of(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        int w = imp.getWidth();
        int h = imp.getHeight();
        int n = stack.getSize();
        long[] dims = {w, h, imp.getNChannels(), imp.getNSlices(), imp.getNFrames()};
        int len = checkedPlaneSize(w, h, imp.getTitle());
        switch (imp.getType()) {
            case ImagePlus.GRAY8:
                return new ImagePlanes(Kind.GRAY8, w, h, n, dims, imp,
                        s -> new Plane(Kind.GRAY8, stack.getPixels(s + 1), 0, len));
            case ImagePlus.GRAY16:
                return new ImagePlanes(Kind.GRAY16, w, h, n, dims, imp,
                        s -> new Plane(Kind.GRAY16, stack.getPixels(s + 1), 0, len));
            case ImagePlus.GRAY32:
                return new ImagePlanes(Kind.GRAY32, w, h, n, dims, imp,
                        s -> new Plane(Kind.GRAY32, stack.getPixels(s + 1), 0, len));
            case ImagePlus.COLOR_RGB:
                return new ImagePlanes(Kind.RGB, w, h, n, dims, imp,
                        s -> new Plane(Kind.RGB, stack.getPixels(s + 1), 0, len));
            case ImagePlus.COLOR_256:
                return new ImagePlanes(Kind.RGB, w, h, n, dims, imp,
                        s -> new Plane(Kind.RGB, stack.getProcessor(s + 1).convertToRGB().getPixels(), 0, len));
            default:
                throw new ColorizerException("Image '" + imp.getTitle() + "' has an unsupported type ("
                        + imp.getType() + "); use 8-bit, 16-bit, 32-bit or RGB.");
        }
    }

    /** A single ImageJ processor (one slice). */
    public static ImagePlanes of(ImageProcessor ip) {
        return of(new ImagePlus("", ip));
    }

    /** Plain arrays, one per slice, each at least {@code w*h} long, of the kind's array type. */
    public static ImagePlanes of(Kind kind, int w, int h, List<?> arrays) {
        int len = checkedPlaneSize(w, h, "arrays");
        List<Object> copy = new ArrayList<>(arrays);
        for (Object a : copy) {
            new Plane(kind, a, 0, len); // validates
        }
        return new ImagePlanes(kind, w, h, copy.size(), new long[] {w, h, copy.size()}, null,
                s -> new Plane(kind, copy.get(s), 0, len));
    }

    /**
     * An ImgLib2 image of a RealType (UnsignedByteType, UnsignedShortType, FloatType read in place; others
     * converted to float) or ARGBType. Dimensions 0 and 1 are X and Y; the rest are flattened into slices.
     */
    public static ImagePlanes of(RandomAccessibleInterval<?> img) {
        int nd = img.numDimensions();
        if (nd < 2) {
            throw new ColorizerException("The image has " + nd + " dimension(s); it needs at least X and Y.");
        }
        long[] dims = img.dimensionsAsLongArray();
        int w = (int) Math.min(Integer.MAX_VALUE, dims[0]);
        int h = (int) Math.min(Integer.MAX_VALUE, dims[1]);
        int len = checkedPlaneSize(dims[0], dims[1], "image");
        long count = 1;
        for (int d = 2; d < nd; d++) {
            count *= dims[d];
        }
        if (count > Integer.MAX_VALUE) {
            throw new ColorizerException("The image has too many slices (" + count + ").");
        }
        int n = (int) count;
        Object type = img.getType();
        Kind kind;
        if (type instanceof UnsignedByteType) {
            kind = Kind.GRAY8;
        } else if (type instanceof UnsignedShortType) {
            kind = Kind.GRAY16;
        } else if (type instanceof ARGBType) {
            kind = Kind.RGB;
        } else if (type instanceof RealType) {
            kind = Kind.GRAY32;
        } else {
            throw new ColorizerException("Pixel type " + type.getClass().getSimpleName()
                    + " is not supported; use an 8-bit, 16-bit, float or ARGB image.");
        }
        boolean native32 = type instanceof FloatType || kind != Kind.GRAY32;
        if (native32 && img instanceof ArrayImg) {
            Object data = ((ArrayImg<?, ?>) img).update(null);
            if (data instanceof ArrayDataAccess) {
                Object array = ((ArrayDataAccess<?>) data).getCurrentStorageArray();
                return new ImagePlanes(kind, w, h, n, dims, null, s -> new Plane(kind, array, s * len, len));
            }
        }
        if (native32 && img instanceof PlanarImg && ((PlanarImg<?, ?>) img).numSlices() == n) {
            PlanarImg<?, ?> planar = (PlanarImg<?, ?>) img;
            Object first = planar.getPlane(0);
            if (first instanceof ArrayDataAccess) {
                return new ImagePlanes(kind, w, h, n, dims, null, s -> new Plane(kind,
                        ((ArrayDataAccess<?>) planar.getPlane(s)).getCurrentStorageArray(), 0, len));
            }
        }
        return new ImagePlanes(kind, w, h, n, dims, null, s -> copySlice(img, kind, s, len));
    }

    private static Plane copySlice(RandomAccessibleInterval<?> img, Kind kind, int slice, int len) {
        int nd = img.numDimensions();
        long[] min = img.minAsLongArray();
        long[] max = img.maxAsLongArray();
        long rest = slice;
        for (int d = 2; d < nd; d++) { // slice index -> position, dimension 2 fastest
            long size = max[d] - min[d] + 1;
            long pos = min[d] + rest % size;
            rest /= size;
            min[d] = pos;
            max[d] = pos;
        }
        Cursor<?> c = Views.flatIterable(Views.interval(img, min, max)).cursor();
        int i = 0;
        switch (kind) {
            case GRAY8: {
                byte[] a = new byte[len];
                while (c.hasNext()) {
                    a[i++] = ((UnsignedByteType) c.next()).getByte();
                }
                return new Plane(kind, a, 0, len);
            }
            case GRAY16: {
                short[] a = new short[len];
                while (c.hasNext()) {
                    a[i++] = ((UnsignedShortType) c.next()).getShort();
                }
                return new Plane(kind, a, 0, len);
            }
            case RGB: {
                int[] a = new int[len];
                while (c.hasNext()) {
                    a[i++] = ((ARGBType) c.next()).get();
                }
                return new Plane(kind, a, 0, len);
            }
            default: {
                float[] a = new float[len];
                while (c.hasNext()) {
                    a[i++] = ((RealType<?>) c.next()).getRealFloat();
                }
                return new Plane(kind, a, 0, len);
            }
        }
    }

    private static int checkedPlaneSize(long w, long h, String what) {
        if (w < 1 || h < 1 || w * h > Integer.MAX_VALUE - 8) {
            throw new ColorizerException("The " + what + " has slices of " + w + " x " + h
                    + " pixels; each slice must have between 1 and 2^31 - 9 pixels.");
        }
        return (int) (w * h);
    }

    // ------------------------------------------------------------------ accessors

    public Kind kind() {
        return kind;
    }

    public boolean isRgb() {
        return kind == Kind.RGB;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of slices (product of all dimensions after X and Y; the stack size for an ImagePlus). */
    public int slices() {
        return slices;
    }

    /** Dimensions: the ImgLib2 image's, or {width, height, channels, slices, frames} of an ImagePlus. */
    public long[] dimensions() {
        return dimensions.clone();
    }

    /** The ImageJ image these planes come from, or null. */
    public ImagePlus imagePlus() {
        return imagePlus;
    }

    /** Slice {@code s} (0-based); in place where the storage allows, else a fresh copy. */
    public Plane plane(int s) {
        if (s < 0 || s >= slices) {
            throw new IndexOutOfBoundsException("slice " + s + " of " + slices);
        }
        return planes.apply(s);
    }

    /** All slices. */
    public List<Plane> planes() {
        List<Plane> list = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            list.add(plane(s));
        }
        return list;
    }

    // ------------------------------------------------------------------ L and Lab planes

    /** New L plane of slice {@code s}; {@code range} maps gray samples (unused, may be null, for RGB). */
    public float[] lPlane(int s, Normalization.Range range) {
        float[] l = new float[width * height];
        lPlane(s, range, l, 0);
        return l;
    }

    /** L of slice {@code s} into {@code l[off..off + w*h)}. */
    public void lPlane(int s, Normalization.Range range, float[] l, int off) {
        Plane p = plane(s);
        if (p.kind == Kind.RGB) {
            LabConverter.allCores().rgbToL((int[]) p.array, p.offset, p.length, l, off);
        } else {
            if (range == null) {
                throw new IllegalArgumentException("a gray image needs a normalization range");
            }
            range.toL(p, l, off);
        }
    }

    /**
     * L planes of all slices, the normalization resolved over the whole image, or per slice if
     * {@code normalization.isPerSlice()}; the ranges used are stored in {@code rangesOut} if not null.
     */
    public List<float[]> lPlanes(Normalization normalization, List<Normalization.Range> rangesOut) {
        Normalization.Range[] ranges = normalization.resolveAll(this);
        List<float[]> out = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            out.add(lPlane(s, ranges[s]));
        }
        if (rangesOut != null) {
            rangesOut.addAll(Arrays.asList(ranges));
        }
        return out;
    }

    /** L, a*, b* of an RGB slice into the three arrays (each w*h at offset 0). */
    public void labPlanes(int s, float[] l, float[] a, float[] b) {
        Plane p = plane(s);
        if (p.kind != Kind.RGB) {
            throw new IllegalStateException("Lab planes need an RGB image; this one is " + kind);
        }
        LabConverter.allCores().rgbToLab((int[]) p.array, p.offset, p.length, l, a, b, 0);
    }
}
