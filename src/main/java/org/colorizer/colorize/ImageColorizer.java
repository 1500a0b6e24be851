package org.colorizer.colorize;

import ij.ImagePlus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import org.colorizer.ColorizerException;
import org.colorizer.color.ImagePlanes;
import org.colorizer.color.Lab;
import org.colorizer.color.Normalization;
import org.colorizer.color.RgbPlanes;
import org.colorizer.hints.HintSet;

/**
 * Colorizes ImageJ images: 8-bit gray (value v means sRGB (v,v,v)), 16- and 32-bit gray (mapped to L* by a
 * normalization, default percentiles 0.1-99.9 over the whole stack), RGB (its own L* is kept, its color
 * replaced), and stacks (slices batched through the network). The result is a new RGB image titled
 * "TITLE (colorized)" with the input's calibration; its L* equals the input's.
 */
public final class ImageColorizer {

    /** Progress callback: return false to stop (the result then holds the slices done so far). */
    public interface Progress {
        boolean progress(int done, int total);
    }

    private ImageColorizer() {}

    public static ImagePlus colorize(Colorizer c, ImagePlus imp, Progress progress) {
        return colorize(c, imp, defaultNormalization(imp), progress);
    }

    /** 8-bit: value v is sRGB gray (v,v,v) exactly; 16/32-bit: percentiles 0.1 and 99.9 over the stack. */
    public static Normalization defaultNormalization(ImagePlus imp) {
        return imp != null && imp.getBitDepth() == 8 ? Normalization.typeRange() : Normalization.percentile();
    }

    public static ImagePlus colorize(Colorizer c, ImagePlus imp, Normalization normalization, Progress progress) {
        return colorize(c, imp, normalization, (List<HintSet>) null, progress);
    }

    /**
     * As {@link #colorize(Colorizer, ImagePlus, Progress)} with color hints per slice: {@code hints.get(i)} for
     * stack slice {@code i + 1} (the list null, or an entry null or empty: no hints there).
     *
     * @throws ColorizerException if there are hints and the model takes none ({@link Colorizer#requireHints})
     */
    public static ImagePlus colorizeWithHints(Colorizer c, ImagePlus imp, List<HintSet> hints, Progress progress) {
        return colorize(c, imp, defaultNormalization(imp), hints, progress);
    }

    /** The same hints for every slice (null or empty: none), as {@code colorize --hints} gives them. */
    public static ImagePlus colorize(Colorizer c, ImagePlus imp, Normalization normalization, HintSet hints,
            Progress progress) {
        return colorize(c, imp, normalization,
                hints == null || imp == null ? null : Collections.nCopies(imp.getStackSize(), hints),
                progress);
    }

    public static ImagePlus colorize(Colorizer c, ImagePlus imp, Normalization normalization, List<HintSet> hints,
            Progress progress) {
        if (imp == null) {
            throw new ColorizerException("image: no image; open one first");
        }
        ImagePlanes planes;
        try {
            planes = ImagePlanes.of(imp);
        } catch (IllegalArgumentException e) {
            throw new ColorizerException("image: " + imp.getTitle() + ": " + e.getMessage());
        }
        Normalization.Range[] ranges = ranges(planes, normalization);
        if (hints != null && hints.size() != planes.slices()) {
            throw new IllegalArgumentException(hints.size() + " hint sets for " + planes.slices() + " slices");
        }
        RgbPlanes out = colorize(c, planes, ranges, hints, progress);
        ImagePlus result = out.toImagePlus(imp.getTitle() + " (colorized)");
        if (!planes.isRgb() && ranges.length > 0 && ranges[0] != null) {
            result.setProperty("Info", "Colorized; gray input normalization: " + ranges[0].describe());
        }
        return result;
    }

    /**
     * Colorizes an ImgLib2 image (UnsignedByteType, UnsignedShortType, FloatType or ARGBType; X and Y first,
     * further dimensions are slices) into an ARGB image of the same dimensions.
     */
    public static ArrayImg<ARGBType, IntArray> colorize(Colorizer c, RandomAccessibleInterval<?> img,
            Normalization normalization) {
        ImagePlanes planes;
        try {
            planes = ImagePlanes.of(img);
        } catch (IllegalArgumentException e) {
            throw new ColorizerException("image: " + e.getMessage());
        }
        if (normalization == null) {
            normalization = planes.kind() == ImagePlanes.Kind.GRAY8 ? Normalization.typeRange() : Normalization.percentile();
        }
        return colorize(c, planes, ranges(planes, normalization), null, null).toImg();
    }

    private static Normalization.Range[] ranges(ImagePlanes planes, Normalization normalization) {
        return planes.isRgb() ? new Normalization.Range[planes.slices()] : normalization.resolveAll(planes);
    }

    /** The work: slices go through the network a few at a time (batched); rows are read on demand. */
    static RgbPlanes colorize(Colorizer c, ImagePlanes planes, Normalization.Range[] ranges, List<HintSet> hints,
            Progress progress) {
        int w = planes.width();
        int h = planes.height();
        int n = planes.slices();
        RgbPlanes out = RgbPlanes.like(planes);
        int chunk = Math.max(1, Math.min(8, (int) Math.max(1, (64L << 20) / Math.max(1L, (long) w * h))));
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            List<Lightness> ls = new ArrayList<>();
            for (int s = start; s < end; s++) {
                ls.add(lightness(planes, s, ranges[s]));
            }
            List<Colorizer.AbField> fields = c.predict(ls, hints == null ? null : hints.subList(start, end));
            for (int s = start; s < end; s++) {
                c.compose(ls.get(s - start), fields.get(s - start), out.slice(s));
            }
            if (progress != null && !progress.progress(end, n)) {
                break;
            }
        }
        return out;
    }

    /** L* of slice {@code s}, row by row, without a full float copy. */
    static Lightness lightness(ImagePlanes planes, int s, Normalization.Range range) {
        ImagePlanes.Plane p = planes.plane(s);
        int w = planes.width();
        int h = planes.height();
        return new Lightness() {
            @Override
            public int width() {
                return w;
            }

            @Override
            public int height() {
                return h;
            }

            @Override
            public void row(int y, float[] dst) {
                if (planes.isRgb()) {
                    Lab.rgbToL((int[]) p.array, p.offset + y * w, w, dst, 0);
                } else {
                    range.toL(new ImagePlanes.Plane(p.kind, p.array, p.offset + y * w, w), dst, 0);
                }
            }
        };
    }
}
