package org.colorizer.colorize;

import ij.ImagePlus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.color.ImagePlanes;
import org.colorizer.color.Normalization;
import org.colorizer.hints.HintSet;
import org.colorizer.io.Resampling;

/**
 * Quick looks at a colorization (the live preview while hints are placed): the network at a small working size,
 * the result composed at a display size no larger than needed, so an update of a megapixel image takes a fraction
 * of a second.
 */
public final class Preview {
    private Preview() {}

    /**
     * The L* of every slice of {@code imp} as Colorize sees it (8-bit: the type range; 16/32-bit: percentiles
     * over the stack, resolved once here); rows are read from the image on demand.
     */
    public static List<Lightness> lightness(ImagePlus imp) {
        ImagePlanes planes;
        try {
            planes = ImagePlanes.of(imp);
        } catch (IllegalArgumentException e) {
            throw new ColorizerException("image: " + imp.getTitle() + ": " + e.getMessage());
        }
        Normalization n = ImageColorizer.defaultNormalization(imp);
        Normalization.Range[] ranges = planes.isRgb() ? new Normalization.Range[planes.slices()] : n.resolveAll(planes);
        List<Lightness> out = new ArrayList<>();
        for (int s = 0; s < planes.slices(); s++) {
            out.add(ImageColorizer.lightness(planes, s, ranges[s]));
        }
        return out;
    }

    /** Width and height of a preview of a {@code w} x {@code h} image whose long side is at most {@code maxSide}. */
    public static int[] size(int w, int h, int maxSide) {
        double s = Math.min(1.0, (double) maxSide / Math.max(w, h));
        return new int[] {Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))};
    }

    /**
     * Colorizes {@code l} with {@code hints} (null: none) through {@code c} (set its working size first) and
     * composes the result at {@code outW} x {@code outH}: packed RGB whose L* is {@code l}'s, resampled.
     */
    public static int[] render(Colorizer c, Lightness l, HintSet hints, int outW, int outH) {
        Colorizer.AbField f = c.predict(List.of(l), hints == null ? null : Collections.singletonList(hints))
                .get(0);
        Lightness shown = outW == l.width() && outH == l.height() ? l
                : Lightness.of(Resampling.shrinkOrGrow(l, outW, outH), outW, outH);
        int[] out = new int[outW * outH];
        c.compose(shown, f, out);
        return out;
    }
}
