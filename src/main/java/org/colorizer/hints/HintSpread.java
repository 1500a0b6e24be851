package org.colorizer.hints;

import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.colorizer.ColorizerException;

/**
 * Spreads what the network did not carry: after the network has predicted a*b* on the working grid, the difference
 * between each hinted cell's color and the prediction there (the residual) is spread over the grid by an
 * edge-aware normalized convolution and added to the prediction. The filter is the domain transform's recursive
 * filter (Gastal and Oliveira, SIGGRAPH 2011) guided by the grid's L*: it reaches far along a surface of even
 * lightness and stops at edges, so a hint colors its object rather than a disk around itself. Where the hints'
 * weight is small the residual falls back to a global level g: residual = (num + fade * peak * g) / (den + fade *
 * peak), with num and den the filtered residual and mask, peak the filtered mask at an isolated hinted cell of a
 * flat image, and g the hinted cells' mean residual times n / (n + shrink) for n hints (so one hint tints the
 * picture less than two).
 *
 * <p>This is what the user calls the <em>reach</em> of hints. Its settings, by the keys of the named form
 * {@link #parse} reads and of the model file's JSON: {@code space}, the filter's spatial sigma as a fraction of the
 * grid's long side; {@code range}, its range sigma in L* units; {@code fade} and {@code shrink} as above (fade 0: no
 * fallback; shrink {@value #NO_GLOBAL}: g = 0); {@code chroma}, {@code likeness}, {@code gain} and
 * {@code gainShrink} as their fields say. How the shipped settings were chosen:
 * {@code docs/experiments/hint-spread-rule.md}; for users: {@value #DOCS}.
 */
public final class HintSpread {
    /** Iterations of the recursive filter (the paper's choice). */
    static final int ITERATIONS = 3;
    /** Lookup table resolution for the edge weights: bins per L* unit. */
    private static final int BINS_PER_L = 16;
    /** Largest edge distance the table resolves (L* units; larger steps weigh as this one). */
    private static final int MAX_L = 256;

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
     * The reach {@value #WIDE} for files without one: the likeness setting chosen for {@code general} by the same
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
    private String problem() {
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

    /** The reach words {@link #resolve} knows besides settings: as the model file says. */
    public static final String DEFAULT = "default";
    /** The older word for {@link #DEFAULT}, still accepted. */
    public static final String MODEL = "model";
    public static final String WIDE = "wide";
    public static final String LOCAL = "local";
    public static final String OFF = "off";
    /** The reach words, as the dialogs offer them. */
    public static final String[] WORDS = {DEFAULT, WIDE, LOCAL, OFF};

    /** The settings' keys in the named form, in the order of the older positional form. */
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList("space", "range", "fade",
            "shrink", "chroma", "likeness", "gain", "gainShrink"));
    /** The named form, as help texts show it once: space and range, and any of the keys in brackets. */
    public static final String GRAMMAR = "space=S,range=R[,fade=F,shrink=N,chroma=C,likeness=L,gain=G,gainShrink=K]";
    /** Where the settings are explained. */
    public static final String DOCS = "docs/reach.md";

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
            return off();
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

    /**
     * The settings in the named form {@link #parse} reads ({@code off} when off): space and range always, the
     * others where they differ from their defaults, e.g. {@code space=0.1,range=64,fade=1,shrink=1}.
     */
    public String describe() {
        if (isOff()) {
            return OFF;
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

    /**
     * Adds the spread residual to {@code a} and {@code b} (a* and b*, row-major {@code w} x {@code h}).
     *
     * @param light the grid's L* (0-100)
     * @param hints the grid's hint planes from {@link HintRaster#rasterize}: a* / 110, b* / 110, mask
     * @param count how many hints were rasterized (for the global level's shrinkage)
     */
    public void apply(float[] light, float[][] hints, int count, float[] a, float[] b, int w, int h) {
        if (isOff()) {
            return;
        }
        int n = w * h;
        float[] mask = hints[2];
        if (hasGain()) {
            scale(hints, count, a, b, n);
        }
        float[] na = new float[n];
        float[] nb = new float[n];
        float[] den = new float[n];
        // the residuals at the hinted cells, and their sums for the global level
        double sa = 0;
        double sb = 0;
        int cells = 0;
        for (int p = 0; p < n; p++) {
            if (mask[p] > 0) {
                na[p] = hints[0][p] * HintRaster.AB_SCALE - a[p];
                nb[p] = hints[1][p] * HintRaster.AB_SCALE - b[p];
                den[p] = 1f;
                sa += na[p];
                sb += nb[p];
                cells++;
            }
        }
        if (cells == 0) {
            return;
        }
        // the global level: the hinted cells' mean residual, shrunk by the number of hints
        int hintsCount = Math.max(1, count);
        double keep = hintsCount / (hintsCount + shrink);
        float ga = (float) (sa / cells * keep);
        float gb = (float) (sb / cells * keep);
        double sigma = sigmaSpace * Math.max(w, h);
        // the level by likeness needs the residuals before they are filtered
        LikenessLevel like = likeness > 0 && fade > 0 && shrink < NO_GLOBAL
                ? new LikenessLevel(likeness, chroma, shrink, light, a, b, mask, na, nb, w, h) : null;
        // the guide's step across each horizontal and vertical edge, as a table index (the same every iteration);
        // the guide is the network's a*b* as predicted, before any residual is added
        char[] hBin = new char[n];
        char[] vBin = new char[n];
        float c = (float) chroma;
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 1; x < w; x++) {
                hBin[r + x] = bin(light, a, b, c, r + x - 1, r + x);
            }
            if (y > 0) {
                for (int x = 0; x < w; x++) {
                    vBin[r + x] = bin(light, a, b, c, r - w + x, r + x);
                }
            }
        }
        // horizontal edge weights' exponents: 1 + s/r |dL| between (x-1, y) and (x, y), likewise vertical
        double ratio = sigma / sigmaRange;
        for (int i = 0; i < ITERATIONS; i++) {
            double sigmaI = sigma * Math.sqrt(3) * Math.pow(2, ITERATIONS - i - 1) / Math.sqrt(Math.pow(4, ITERATIONS) - 1);
            float[] table = weights(Math.exp(-Math.sqrt(2) / sigmaI), ratio);
            horizontal(na, nb, den, hBin, table, w, h);
            vertical(na, nb, den, vBin, table, w, h);
        }
        float k = (float) (fade * peak(sigma));
        if (like != null) {
            IntStream.range(0, h).parallel().forEach(y -> {
                float[] g = new float[2];
                for (int p = y * w, end = p + w; p < end; p++) {
                    like.level(light[p], a[p], b[p], g);
                    float d = den[p] + k;
                    a[p] += (na[p] + k * g[0]) / d;
                    b[p] += (nb[p] + k * g[1]) / d;
                }
            });
            return;
        }
        float kga = k * ga;
        float kgb = k * gb;
        for (int p = 0; p < n; p++) {
            float d = den[p] + k;
            if (d > 1e-30f) {
                a[p] += (na[p] + kga) / d;
                b[p] += (nb[p] + kgb) / d;
            }
        }
    }

    /** Scales a* and b* by the chroma gain the hints call for (see {@link #gain}). */
    private void scale(float[][] hints, int count, float[] a, float[] b, int n) {
        double tp = 0;
        double pp = 0;
        for (int p = 0; p < n; p++) {
            if (hints[2][p] > 0) {
                tp += hints[0][p] * HintRaster.AB_SCALE * a[p] + hints[1][p] * HintRaster.AB_SCALE * b[p];
                pp += a[p] * a[p] + b[p] * b[p];
            }
        }
        if (pp < 1e-6) {
            return; // the network gave gray where the hints are: no direction to scale
        }
        int k = Math.max(1, count);
        double s = 1 + (tp / pp - 1) * k / (k + gainShrink);
        float f = (float) Math.max(1 / gain, Math.min(gain, s));
        for (int p = 0; p < n; p++) {
            a[p] *= f;
            b[p] *= f;
        }
    }

    /** {@code table[i]} = a^(1 + ratio * i / BINS_PER_L): the weight across a guide step of i / BINS_PER_L. */
    private static float[] weights(double a, double ratio) {
        float[] t = new float[MAX_L * BINS_PER_L + 1];
        double la = Math.log(a);
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.exp(la * (1 + ratio * i / BINS_PER_L));
        }
        return t;
    }

    private static char bin(float[] light, float[] a, float[] b, float c, int p, int q) {
        float d = Math.abs(light[q] - light[p]);
        if (c != 0) {
            d += c * (Math.abs(a[q] - a[p]) + Math.abs(b[q] - b[p]));
        }
        return (char) Math.min(MAX_L * BINS_PER_L, (int) (d * BINS_PER_L + 0.5f));
    }

    /** Rows handled together in the horizontal pass: their recursions are independent, so they overlap in time. */
    private static final int ROWS = 8;

    /** Left-to-right then right-to-left along each row, the three planes together, {@value #ROWS} rows at a time. */
    private static void horizontal(float[] pa, float[] pb, float[] pd, char[] bins, float[] table, int w, int h) {
        IntStream.range(0, (h + ROWS - 1) / ROWS).parallel().forEach(block -> {
            int y0 = block * ROWS;
            int rows = Math.min(ROWS, h - y0);
            int base = y0 * w;
            for (int x = 1; x < w; x++) {
                for (int j = 0, i = base + x; j < rows; j++, i += w) {
                    float t = table[bins[i]];
                    pa[i] += t * (pa[i - 1] - pa[i]);
                    pb[i] += t * (pb[i - 1] - pb[i]);
                    pd[i] += t * (pd[i - 1] - pd[i]);
                }
            }
            for (int x = w - 2; x >= 0; x--) {
                for (int j = 0, i = base + x; j < rows; j++, i += w) {
                    float t = table[bins[i + 1]];
                    pa[i] += t * (pa[i + 1] - pa[i]);
                    pb[i] += t * (pb[i + 1] - pb[i]);
                    pd[i] += t * (pd[i + 1] - pd[i]);
                }
            }
        });
    }

    /** Top-down then bottom-up along each column, done row by row (contiguous memory) in strips of columns. */
    private static void vertical(float[] pa, float[] pb, float[] pd, char[] bins, float[] table, int w, int h) {
        int strip = 64;
        int strips = (w + strip - 1) / strip;
        IntStream.range(0, strips).parallel().forEach(s -> {
            int x0 = s * strip;
            int x1 = Math.min(w, x0 + strip);
            for (int y = 1; y < h; y++) {
                for (int i = y * w + x0, end = y * w + x1; i < end; i++) {
                    float t = table[bins[i]];
                    pa[i] += t * (pa[i - w] - pa[i]);
                    pb[i] += t * (pb[i - w] - pb[i]);
                    pd[i] += t * (pd[i - w] - pd[i]);
                }
            }
            for (int y = h - 2; y >= 0; y--) {
                for (int i = y * w + x0, end = y * w + x1; i < end; i++) {
                    float t = table[bins[i + w]];
                    pa[i] += t * (pa[i + w] - pa[i]);
                    pb[i] += t * (pb[i + w] - pb[i]);
                    pd[i] += t * (pd[i + w] - pd[i]);
                }
            }
        });
    }

    /**
     * The filtered mask at an isolated hinted cell of a flat, unbounded image: on a flat image the filter is
     * separable and shift-invariant, so this is the square of the 1-D filter's response at its impulse.
     */
    static double peak(double sigma) {
        int half = (int) Math.ceil(12 * sigma) + 8;
        int n = 2 * half + 1;
        double[] line = new double[n];
        line[half] = 1;
        for (int i = 0; i < ITERATIONS; i++) {
            double sigmaI = sigma * Math.sqrt(3) * Math.pow(2, ITERATIONS - i - 1) / Math.sqrt(Math.pow(4, ITERATIONS) - 1);
            double a = Math.exp(-Math.sqrt(2) / sigmaI);
            for (int x = 1; x < n; x++) {
                line[x] += a * (line[x - 1] - line[x]);
            }
            for (int x = n - 2; x >= 0; x--) {
                line[x] += a * (line[x + 1] - line[x]);
            }
        }
        return line[half] * line[half];
    }
}
