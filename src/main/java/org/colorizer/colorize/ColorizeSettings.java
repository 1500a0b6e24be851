package org.colorizer.colorize;

import org.colorizer.ColorizerException;
import org.colorizer.hints.HintSpread;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.modelfile.ModelDescription;

/**
 * How one call colorizes with a loaded network: an immutable value, checked when made. A {@link Colorizer} is a
 * loaded network plus one of these; {@link Colorizer#with(ColorizeSettings)} gives a view with other settings.
 */
public final class ColorizeSettings {
    /** Strength 1, automatic tiling, batch 4, the model's working size and reach, no reference colors. */
    public static final ColorizeSettings DEFAULT = new ColorizeSettings(1f, 0, 4, 0, null, null);

    /** Scales the predicted a*b* (1 = as predicted, 0 = gray, above 1 = more vivid). */
    public final float strength;
    /**
     * Tiling: 0 = automatic (the model's own tile size if it has one; else the whole image up to
     * {@value Colorizer#AUTO_TILE_ABOVE} px and tiles of {@value Colorizer#AUTO_TILE} px above); -1 = never tile;
     * N > 0 = tiles of N input pixels, each seen by the network at the model's size.
     */
    public final int tile;
    /** Network batch size (tiles or slices per forward pass). */
    public final int batch;
    /** Long side (pixels) at which the network sees a whole image (0 = the model's default). */
    public final int workingSize;
    /** How hints spread after the network: null = the model file's setting. */
    public final HintSpread reach;
    /** "Colorize like this": each lightness band's mean a*b* matched to a color image's (null = none). */
    public final ReferenceColors reference;

    private ColorizeSettings(float strength, int tile, int batch, int workingSize, HintSpread reach,
            ReferenceColors reference) {
        if (!(strength >= 0 && strength <= 10)) {
            throw new ColorizerException("strength: " + strength + " must be between 0 and 10 (1 = as predicted)");
        }
        if (tile < -1 || (tile > 0 && tile < 16)) {
            throw new ColorizerException("tile: " + tile + " must be 0 (auto), -1 (never) or at least 16 pixels");
        }
        if (batch < 1 || batch > 1024) {
            throw new ColorizerException("batch: " + batch + " must be between 1 and 1024");
        }
        this.strength = strength;
        this.tile = tile;
        this.batch = batch;
        this.workingSize = ModelDescription.checkWorkingSize(workingSize);
        this.reach = reach == null ? null : reach.check();
        this.reference = reference;
    }

    public ColorizeSettings withStrength(float strength) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }

    public ColorizeSettings withTile(int tile) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }

    public ColorizeSettings withBatch(int batch) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }

    public ColorizeSettings withWorkingSize(int workingSize) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }

    public ColorizeSettings withReach(HintSpread reach) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }

    public ColorizeSettings withReference(ReferenceColors reference) {
        return new ColorizeSettings(strength, tile, batch, workingSize, reach, reference);
    }
}
