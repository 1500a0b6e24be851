package org.colorizer.hints;

import static org.colorizer.hints.HintSpread.KEYS;
import static org.colorizer.hints.HintSpread.NO_GLOBAL;

import org.colorizer.ColorizerException;

/**
 * The reach of hints as users write it: the words {@value #DEFAULT}, {@value #WIDE}, {@value #LOCAL} and
 * {@value #OFF}, or the settings ({@link HintSpread}) in the named form {@value #GRAMMAR} or the older positional
 * form. For users: {@value #DOCS}.
 */
public final class Reach {
    /** The reach words {@link #resolve} knows besides settings: as the model file says. */
    public static final String DEFAULT = "default";
    /** The older word for {@link #DEFAULT}, still accepted. */
    public static final String MODEL = "model";
    public static final String WIDE = "wide";
    public static final String LOCAL = "local";
    public static final String OFF = "off";
    /** The reach words, as the dialogs offer them. */
    public static final String[] WORDS = {DEFAULT, WIDE, LOCAL, OFF};

    /** The named form, as help texts show it once: space and range, and any of the keys in brackets. */
    public static final String GRAMMAR = "space=S,range=R[,fade=F,shrink=N,chroma=C,likeness=L,gain=G,gainShrink=K]";
    /** Where the settings are explained. */
    public static final String DOCS = "docs/reach.md";

    private Reach() {}

    /**
     * A user's reach against the model's own settings: {@value #DEFAULT} (or {@value #MODEL}, or empty) =
     * {@code own}; {@value #WIDE} = {@code wide}, the model's setting by likeness (a hint also colors what looks
     * like its object anywhere in the picture: best with many hints spread over it; with a few hints on objects it
     * floods the picture with their colors); {@value #LOCAL} = {@code own} without its global level and chroma gain,
     * so hints color what they sit on and leave the rest of the picture (the shipped settings were chosen on random
     * hints, where a global tint pays; a user's hints are placed on objects); {@value #OFF} = the network alone; else
     * settings as {@link #parse}.
     */
    public static HintSpread resolve(String spec, HintSpread own, HintSpread wide, String what) {
        String t = spec == null ? "" : spec.trim();
        if (t.isEmpty() || t.equalsIgnoreCase(DEFAULT) || t.equalsIgnoreCase(MODEL)) {
            return own;
        }
        if (t.equalsIgnoreCase(WIDE)) {
            return wide;
        }
        if (t.equalsIgnoreCase(LOCAL)) {
            return own.isOff() ? own
                    : new HintSpread(own.sigmaSpace, own.sigmaRange, own.fade, NO_GLOBAL, own.chroma, own.likeness);
        }
        return parse(t, what);
    }

    /**
     * Parses {@value #OFF}, the named form {@value #GRAMMAR} (keys in any order and letter case; space and range
     * are needed, the others default to off: fade 0, shrink {@value #NO_GLOBAL} = no global level, chroma 0,
     * likeness 0, gain 0, gainShrink 0), or the older positional form
     * {@code SPACE,RANGE,FADE[,SHRINK[,CHROMA[,LIKENESS[,GAIN,GAINSHRINK]]]]} (shrink defaulting to
     * {@value #NO_GLOBAL}); {@code what} names the parameter in errors.
     */
    public static HintSpread parse(String text, String what) {
        String t = text.trim();
        if (t.equalsIgnoreCase(OFF)) {
            return HintSpread.off();
        }
        double[] v = t.contains("=") ? named(t, what) : positional(t, what);
        HintSpread s = new HintSpread();
        s.sigmaSpace = v[0];
        s.sigmaRange = v[1];
        s.fade = v[2];
        s.shrink = v[3];
        s.chroma = v[4];
        s.likeness = v[5];
        s.gain = v[6];
        s.gainShrink = v[7];
        String problem = s.problem();
        if (problem != null) {
            throw new ColorizerException(what + ": " + problem + " (see " + DOCS + ")");
        }
        return s;
    }

    /** The eight settings of {@code key=value,...}, in {@link #KEYS} order. */
    private static double[] named(String t, String what) {
        double[] v = {Double.NaN, Double.NaN, 0, NO_GLOBAL, 0, 0, 0, 0};
        boolean[] seen = new boolean[KEYS.size()];
        for (String part : t.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim();
            int k = -1;
            for (int i = 0; i < KEYS.size(); i++) {
                if (KEYS.get(i).equalsIgnoreCase(key)) {
                    k = i;
                }
            }
            if (k < 0) {
                throw new ColorizerException(what + ": unknown setting '" + key + "' in '" + t + "'; the settings are "
                        + String.join(", ", KEYS) + ", written " + GRAMMAR + " (see " + DOCS + ")");
            }
            if (eq < 0) {
                throw new ColorizerException(what + ": " + KEYS.get(k) + " needs a value (" + KEYS.get(k) + "=...)");
            }
            if (seen[k]) {
                throw new ColorizerException(what + ": " + KEYS.get(k) + " is given twice in '" + t + "'");
            }
            seen[k] = true;
            String value = part.substring(eq + 1).trim();
            try {
                v[k] = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new ColorizerException(what + ": " + KEYS.get(k) + " must be a number, not '" + value + "'");
            }
        }
        if (!seen[0] || !seen[1]) {
            throw new ColorizerException(what + ": '" + t + "' needs at least space and range, written " + GRAMMAR
                    + " (e.g. space=0.1,range=64,fade=1,shrink=1; see " + DOCS + ")");
        }
        return v;
    }

    /** The older form: SPACE,RANGE,FADE[,SHRINK[,CHROMA[,LIKENESS[,GAIN,GAINSHRINK]]]]. */
    private static double[] positional(String t, String what) {
        String[] p = t.split(",", -1);
        if (p.length < 3 || p.length > 8 || p.length == 7) {
            throw new ColorizerException(what + ": '" + t + "' must be " + DEFAULT + ", " + WIDE + ", " + LOCAL + ", "
                    + OFF + " or settings " + GRAMMAR + " (see " + DOCS + ")");
        }
        double[] v = {0, 0, 0, NO_GLOBAL, 0, 0, 0, 0};
        for (int i = 0; i < p.length; i++) {
            try {
                v[i] = Double.parseDouble(p[i].trim());
            } catch (NumberFormatException e) {
                throw new ColorizerException(what + ": '" + t + "' must be " + DEFAULT + ", " + WIDE + ", " + LOCAL
                        + ", " + OFF + " or settings " + GRAMMAR + " (see " + DOCS + ")");
            }
        }
        return v;
    }
}
