package org.colorizer.hints;

import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.colorizer.ColorizerException;

/**
 * The settings of the reach of hints: how {@link SpreadFilter} spreads, after the network, the difference between
 * each hint's color and the network's prediction there. A plain value; model files store it with Gson under the
 * keys of the named form {@link Reach#parse} reads. The keys: {@code space}, the filter's spatial sigma as a
 * fraction of the grid's long side; {@code range}, its range sigma in L* units; {@code fade}, the fading towards
 * the global level where the hints' weight is small, and {@code shrink}, the global level's shrinkage (fade 0: no
 * fallback; shrink {@value #NO_GLOBAL}: no global level); {@code chroma}, {@code likeness}, {@code gain} and
 * {@code gainShrink} as their fields say. How the shipped settings were chosen:
 * {@code docs/experiments/hint-spread-rule.md}; for users: {@value Reach#DOCS}.
 */
public final class HintSpread {
    /** Spatial sigma, a fraction of the grid's long side; 0 = spreading off. */
    @SerializedName(value = "space", alternate = "sigmaSpace")
    public double sigmaSpace;
    /** Range sigma, L* units. */
    @SerializedName(value = "range", alternate = "sigmaRange")
    public double sigmaRange;
    /** Fading with the hints' weight (0 = none), towards the global level. */
    public double fade;
    /**
     * The global level's shrinkage: g = the hints' summed residuals / (n + shrink), n hints; {@value #NO_GLOBAL}
     * (the default) = no global level, the residual fades to 0.
     */
    public double shrink = NO_GLOBAL;
    /**
     * Weight of the network's own a*b* in the filter's guide: the edge distance between neighbours is |dL*| +
     * chroma (|da*| + |db*|), so a hint also stops where the network's colors change (0, the default: L* alone).
     */
    public double chroma;
    /**
     * The global level by likeness (L* units; 0, the default: one level for the whole picture): each cell's level
     * is the hints' residuals weighted by exp(-d^2 / (2 likeness^2)), d^2 = dL*^2 + chroma^2 (da*^2 + db*^2)
     * between the cell and the hint in lightness and the network's colors, wherever the hint lies; so a hint on
     * grass also corrects the other grass of the picture and leaves the sky. Shrunk by {@link #shrink} as before.
     */
    public double likeness;
    /**
     * Largest chroma gain (at most 1, the default: no gain): before the spreading the network's a*b* are scaled by
     * s = sum(t . p) / sum(p . p) over the hinted cells (t the hints' a*b*, p the network's), shrunk towards 1 as
     * 1 + (s - 1) n / (n + {@link #gainShrink}) for n hints, and clamped to [1 / gain, gain]: hints more colorful than
     * the network's colors make the whole picture more colorful in the network's own hues.
     */
    public double gain;
    /** The chroma gain's shrinkage towards 1, in hints. */
    public double gainShrink;
    /** A shrinkage that leaves no global level. */
    public static final double NO_GLOBAL = 1e6;

    public HintSpread() {}

    public HintSpread(double sigmaSpace, double sigmaRange, double fade) {
        this(sigmaSpace, sigmaRange, fade, NO_GLOBAL);
    }

    public HintSpread(double sigmaSpace, double sigmaRange, double fade, double shrink) {
        this(sigmaSpace, sigmaRange, fade, shrink, 0);
    }

    public HintSpread(double sigmaSpace, double sigmaRange, double fade, double shrink, double chroma) {
        this(sigmaSpace, sigmaRange, fade, shrink, chroma, 0);
    }

    public HintSpread(double sigmaSpace, double sigmaRange, double fade, double shrink, double chroma,
            double likeness) {
        this(sigmaSpace, sigmaRange, fade, shrink, chroma, likeness, 0, 0);
    }

    public HintSpread(double sigmaSpace, double sigmaRange, double fade, double shrink, double chroma,
            double likeness, double gain, double gainShrink) {
        this.gain = gain;
        this.gainShrink = gainShrink;
        this.sigmaSpace = sigmaSpace;
        this.sigmaRange = sigmaRange;
        this.fade = fade;
        this.shrink = shrink;
        this.chroma = chroma;
        this.likeness = likeness;
        check();
    }

    /** No spreading: the network's a*b* as predicted. */
    public static HintSpread off() {
        return new HintSpread(0, 1, 0);
    }

    /**
     * What hint-aware model files without settings of their own get: the setting chosen for the built-in
     * {@code general} by the rule in {@code docs/experiments/hint-spread-rule.md} (BSDS500 test, mean PSNR over 1,
     * 10 and 50 simulated hints; the figures are in MODEL.md).
     */
    public static HintSpread standard() {
        return new HintSpread(0.1, 64, 1, 1);
    }

    /**
     * The reach {@value Reach#WIDE} for files without one: the likeness setting chosen for {@code general} by the same
     * rule's clause 5 (BSDS500 test, 1 / 10 / 50 random hints; the figures are in MODEL.md).
     */
    public static HintSpread standardWide() {
        return new HintSpread(0.1, 64, 16, 0.03, 2, 10);
    }

    public boolean isOff() {
        return sigmaSpace == 0;
    }

    /** Throws if a setting is out of range (the message names the setting's key); returns this. */
    public HintSpread check() {
        String problem = problem();
        if (problem != null) {
            throw new ColorizerException("reach: " + problem);
        }
        return this;
    }

    /** What is wrong with the settings, named by their keys; null if nothing. */
    String problem() {
        if (!(sigmaSpace >= 0 && sigmaSpace <= 10)) {
            return "space " + num(sigmaSpace) + " must be between 0 (off) and 10 (a fraction of the working grid's "
                    + "long side)";
        }
        if (!(sigmaRange > 0 && sigmaRange <= 1000)) {
            return "range " + num(sigmaRange) + " must be above 0 and at most 1000 (L* units)";
        }
        if (!(fade >= 0 && fade <= 1e6)) {
            return "fade " + num(fade) + " must be between 0 (no fading) and 1000000";
        }
        if (!(shrink >= 0 && shrink <= NO_GLOBAL)) {
            return "shrink " + num(shrink) + " must be between 0 and " + (long) NO_GLOBAL + " (= no global level)";
        }
        if (!(chroma >= 0 && chroma <= 100)) {
            return "chroma " + num(chroma) + " must be between 0 (lightness alone) and 100";
        }
        if (!(likeness >= 0 && likeness <= 1000)) {
            return "likeness " + num(likeness) + " must be between 0 (one global level) and 1000 (L* units)";
        }
        if (!(gain >= 0 && gain <= 100)) {
            return "gain " + num(gain) + " must be between 0 and 100 (at most 1: no gain)";
        }
        if (!(gainShrink >= 0 && gainShrink <= 1e6)) {
            return "gainShrink " + num(gainShrink) + " must be between 0 and 1000000 (hints)";
        }
        return null;
    }

    /** Whether the chroma gain is on. */
    public boolean hasGain() {
        return gain > 1;
    }

    /** The settings' keys in the named form, in the order of the older positional form. */
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList("space", "range", "fade",
            "shrink", "chroma", "likeness", "gain", "gainShrink"));

    /**
     * The settings in the named form {@link Reach#parse} reads ({@code off} when off): space and range always, the
     * others where they differ from their defaults, e.g. {@code space=0.1,range=64,fade=1,shrink=1}.
     */
    public String describe() {
        if (isOff()) {
            return Reach.OFF;
        }
        double[] v = {sigmaSpace, sigmaRange, fade, shrink, chroma, likeness, gain, gainShrink};
        double[] defaults = {Double.NaN, Double.NaN, 0, NO_GLOBAL, 0, 0, 0, 0};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i < 2 || v[i] != defaults[i]) {
                s.append(s.length() == 0 ? "" : ",").append(KEYS.get(i)).append('=').append(num(v[i]));
            }
        }
        return s.toString();
    }

    /** {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
