package org.colorizer.color;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import java.util.Arrays;
import java.util.stream.LongStream;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Colorized output: one opaque ARGB {@code int[]} (width*height, row-major) per slice, filled from L and a*b*
 * planes, then handed out as ImageJ processors / an RGB ImagePlus or an ImgLib2 ArrayImg of ARGBType.
 */
public final class RgbPlanes {
    private final int width;
    private final int height;
    private final int[][] slices;
    private final long[] dimensions;
    private final ImagePlus like; // calibration and C/Z/T layout, or null

    private RgbPlanes(int width, int height, int n, long[] dimensions, ImagePlus like) {
        if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE - 8 || n < 1) {
            throw new IllegalArgumentException("bad output size " + width + " x " + height + " x " + n);
        }
        this.width = width;
        this.height = height;
        this.slices = new int[n][];
        this.dimensions = dimensions;
        this.like = like;
        for (int s = 0; s < n; s++) {
            slices[s] = new int[width * height];
        }
    }

    /** Empty (transparent black) output of {@code slices} slices of {@code width x height}. */
    public static RgbPlanes create(int width, int height, int slices) {
        return new RgbPlanes(width, height, slices, new long[] {width, height, slices}, null);
    }

    /** Output shaped like {@code input}: same slices, dimensions and, for ImageJ input, calibration. */
    public static RgbPlanes like(ImagePlanes input) {
        return new RgbPlanes(input.width(), input.height(), input.slices(), input.dimensions(), input.imagePlus());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int slices() {
        return slices.length;
    }

    /** The ARGB pixels of slice {@code s} (live, not a copy). */
    public int[] slice(int s) {
        return slices[s];
    }

    /** Slice {@code s} from L, a*, b* planes (fast path, all cores). */
    public void setLab(int s, float[] l, float[] a, float[] b) {
        LabConverter.allCores().labToRgb(l, a, b, 0, width * height, slices[s], 0);
    }

    /** Slice {@code s} as the gray image of its L plane (a* = b* = 0). */
    public void setL(int s, float[] l) {
        LabConverter.allCores().lToGrayArgb(l, 0, width * height, slices[s], 0);
    }

    /** Slice {@code s} as a ColorProcessor sharing its pixels. */
    public ColorProcessor processor(int s) {
        return new ColorProcessor(width, height, slices[s]);
    }

    /**
     * An RGB ImagePlus (a stack if several slices) sharing the pixel arrays. For output made {@link #like} an
     * ImagePlus, the calibration is copied and the channel/slice/frame layout kept.
     */
    public ImagePlus toImagePlus(String title) {
        ImageStack stack = new ImageStack(width, height);
        ImageStack source = like == null ? null : like.getStack();
        for (int s = 0; s < slices.length; s++) {
            String label = source != null && source.getSize() == slices.length ? source.getSliceLabel(s + 1) : null;
            stack.addSlice(label, processor(s));
        }
        ImagePlus out = new ImagePlus(title, stack);
        if (like != null) {
            out.setCalibration(like.getCalibration().copy());
            if (like.getStackSize() == slices.length) {
                out.setDimensions(like.getNChannels(), like.getNSlices(), like.getNFrames());
                if (like.isHyperStack()) {
                    out.setOpenAsHyperStack(true);
                }
            }
        }
        return out;
    }

    /**
     * An ARGB ArrayImg with the input's dimensions (X, Y, then the slice dimensions; for ImageJ input the
     * channel, z and time dimensions larger than 1). Shares the
     * pixels for a single slice; a stack is copied into one array (ArrayImg storage is one array).
     */
    public ArrayImg<ARGBType, IntArray> toImg() {
        int plane = width * height;
        long[] dims = dimensions;
        if (like != null) { // {w, h, c, z, t}: keep X, Y and the non-singleton ones
            dims = LongStream.concat(LongStream.of(width, height),
                    Arrays.stream(dimensions, 2, dimensions.length).filter(d -> d > 1)).toArray();
        }
        if (slices.length == 1) {
            return ArrayImgs.argbs(slices[0], dims);
        }
        long total = (long) plane * slices.length;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("output of " + total + " pixels is too big for one ArrayImg");
        }
        int[] all = new int[(int) total];
        for (int s = 0; s < slices.length; s++) {
            System.arraycopy(slices[s], 0, all, s * plane, plane);
        }
        return ArrayImgs.argbs(all, dims);
    }

    /** A ColorProcessor's pixels as a 2-D ARGB ArrayImg, without copying. */
    public static ArrayImg<ARGBType, IntArray> wrap(ColorProcessor cp) {
        return ArrayImgs.argbs((int[]) cp.getPixels(), cp.getWidth(), cp.getHeight());
    }
}
