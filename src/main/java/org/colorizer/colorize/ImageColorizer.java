package org.colorizer.colorize;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.color.ImagePlanes;
import org.colorizer.color.Lab;
import org.colorizer.color.Normalization;

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
        if (imp == null) {
            throw new ColorizerException("image: no image; open one first");
        }
        ImagePlanes planes;
        try {
            planes = ImagePlanes.of(imp);
        } catch (IllegalArgumentException e) {
            throw new ColorizerException("image: " + imp.getTitle() + ": " + e.getMessage());
        }
        int w = planes.width();
        int h = planes.height();
        int n = planes.slices();
        Normalization.Range[] ranges = planes.isRgb() ? new Normalization.Range[n] : normalization.resolveAll(planes);
        ImageStack out = new ImageStack(w, h);
        // Slices go through the network a few at a time (batched); rows are read on demand.
        int chunk = Math.max(1, Math.min(8, (int) Math.max(1, (64L << 20) / Math.max(1L, (long) w * h))));
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            List<Lightness> ls = new ArrayList<>();
            for (int s = start; s < end; s++) {
                ls.add(lightness(planes, s, ranges[s]));
            }
            List<Colorizer.AbField> fields = c.predict(ls);
            for (int s = start; s < end; s++) {
                int[] rgb = new int[Math.multiplyExact(w, h)];
                c.compose(ls.get(s - start), fields.get(s - start), rgb);
                String label = imp.getStack().getSliceLabel(s + 1);
                out.addSlice(label, new ColorProcessor(w, h, rgb));
            }
            if (progress != null && !progress.progress(end, n)) {
                break;
            }
        }
        ImagePlus result = new ImagePlus(imp.getTitle() + " (colorized)", out);
        result.setCalibration(imp.getCalibration().copy());
        if (imp.isHyperStack() && out.getSize() == n) {
            result.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
            result.setOpenAsHyperStack(true);
        }
        if (!planes.isRgb() && ranges.length > 0 && ranges[0] != null) {
            result.setProperty("Info", "Colorized; gray input normalization: " + ranges[0].describe());
        }
        return result;
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
