package org.colorizer.color;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.color.ImagePlanes.Plane;

/**
 * How gray samples (8-, 16-bit or float) become L in [0, 100].
 *
 * <p>A raw value x is first mapped to an intensity {@code t = clip((x - low) / (high - low), 0, 1)}, then t is
 * treated as the gray sRGB color (255t, 255t, 255t) (fractional, through the sRGB transfer curve) and
 * {@code L = Lab.intensityToL(t)}. So an 8-bit image with the fixed range 0..255 gets exactly
 * {@link Lab#grayToL}. low and high come from the kind:
 *
 * <ul>
 *   <li>{@link Kind#PERCENTILE}: the given percentiles (default 0.1 and 99.9, as CSBDeep) of the finite samples,
 *       exact, numpy's linear interpolation;
 *   <li>{@link Kind#MIN_MAX}: the smallest and largest finite sample;
 *   <li>{@link Kind#FIXED}: the given values;
 *   <li>{@link Kind#TYPE_RANGE}: 0..255 for 8-bit, 0..65535 for 16-bit, 0..1 for float.
 * </ul>
 *
 * <p>Data-derived ranges are computed over all slices together unless {@link #perSlice(boolean)} is set.
 * NaN and infinite samples are ignored for the range and map to t = 0. If low == high (a constant image, or
 * percentiles that coincide) samples below low map to 0, above high to 1, and equal to it to t = 0.5; without
 * any finite sample low = high = 0. {@link Range#describe()} and {@link Range#toMap()} record the choice and
 * the resolved values; {@link Range#asFixed()} reproduces a result.
 *
 * <p>Spec strings ({@link #parse}, {@link #spec}): {@code percentile}, {@code percentile:1:99.8},
 * {@code minmax}, {@code fixed:0:4095}, {@code type}; append {@code :slice} for per-slice ranges.
 */
public final class Normalization {
    public enum Kind {
        PERCENTILE, MIN_MAX, FIXED, TYPE_RANGE
    }

    public static final double DEFAULT_LOW_PERCENTILE = 0.1;
    public static final double DEFAULT_HIGH_PERCENTILE = 99.9;

    private final Kind kind;
    private final double low; // percentiles for PERCENTILE, values for FIXED, else NaN
    private final double high;
    private final boolean perSlice;

    private Normalization(Kind kind, double low, double high, boolean perSlice) {
        this.kind = kind;
        this.low = low;
        this.high = high;
        this.perSlice = perSlice;
    }

    /** Percentiles {@code low} and {@code high} in percent, 0 &lt;= low &lt; high &lt;= 100. */
    public static Normalization percentile(double low, double high) {
        if (!(low >= 0 && low < high && high <= 100)) {
            throw new ColorizerException("normalization: percentiles must satisfy 0 <= low < high <= 100, got "
                    + low + " and " + high);
        }
        return new Normalization(Kind.PERCENTILE, low, high, false);
    }

    /** Percentiles 0.1 and 99.9. */
    public static Normalization percentile() {
        return percentile(DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
    }

    public static Normalization minMax() {
        return new Normalization(Kind.MIN_MAX, Double.NaN, Double.NaN, false);
    }

    /** The fixed range low..high (finite, low &lt; high). */
    public static Normalization fixed(double low, double high) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new ColorizerException("normalization: a fixed range needs finite low < high, got " + low
                    + " and " + high);
        }
        return new Normalization(Kind.FIXED, low, high, false);
    }

    /** The full range of the sample type (0..255, 0..65535, float 0..1). */
    public static Normalization typeRange() {
        return new Normalization(Kind.TYPE_RANGE, Double.NaN, Double.NaN, false);
    }

    /** This normalization, with ranges computed per slice (true) or over all slices together (false). */
    public Normalization perSlice(boolean on) {
        return new Normalization(kind, low, high, on);
    }

    /** Parses a spec string (see the class comment); errors name the spec and the accepted forms. */
    public static Normalization parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        String[] t = s.split(":");
        boolean slice = t.length > 1 && t[t.length - 1].equals("slice");
        int n = slice ? t.length - 1 : t.length;
        try {
            Normalization r = null;
            if (t[0].equals("percentile") && n == 1) {
                r = percentile();
            } else if (t[0].equals("percentile") && n == 3) {
                r = percentile(Double.parseDouble(t[1]), Double.parseDouble(t[2]));
            } else if (t[0].equals("minmax") && n == 1) {
                r = minMax();
            } else if (t[0].equals("fixed") && n == 3) {
                r = fixed(Double.parseDouble(t[1]), Double.parseDouble(t[2]));
            } else if (t[0].equals("type") && n == 1) {
                r = typeRange();
            }
            if (r != null) {
                return r.perSlice(slice);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ColorizerException("normalization: '" + spec + "' is not valid; use percentile, "
                + "percentile:LOW:HIGH, minmax, fixed:LOW:HIGH or type, optionally followed by :slice");
    }

    /** The spec string that {@link #parse} reads back into an equal normalization. */
    public String spec() {
        String s;
        switch (kind) {
            case PERCENTILE:
                s = "percentile:" + num(low) + ":" + num(high);
                break;
            case MIN_MAX:
                s = "minmax";
                break;
            case FIXED:
                s = "fixed:" + num(low) + ":" + num(high);
                break;
            default:
                s = "type";
        }
        return perSlice ? s + ":slice" : s;
    }

    /** E.g. "percentile 0.1-99.9", "min-max per slice", "fixed 0-4095", "type range". */
    public String describe() {
        String s;
        switch (kind) {
            case PERCENTILE:
                s = "percentile " + num(low) + "-" + num(high);
                break;
            case MIN_MAX:
                s = "min-max";
                break;
            case FIXED:
                s = "fixed " + num(low) + "-" + num(high);
                break;
            default:
                s = "type range";
        }
        return perSlice ? s + " per slice" : s;
    }

    public Kind kind() {
        return kind;
    }

    /** Low percentile (PERCENTILE) or low value (FIXED); NaN otherwise. */
    public double low() {
        return low;
    }

    /** High percentile (PERCENTILE) or high value (FIXED); NaN otherwise. */
    public double high() {
        return high;
    }

    public boolean isPerSlice() {
        return perSlice;
    }

    // ------------------------------------------------------------------ resolving

    /** The range over all slices of {@code img} (regardless of {@link #isPerSlice()}). */
    public Range resolve(ImagePlanes img) {
        return resolve(lazyPlanes(img, 0, img.slices()), img.kind());
    }

    /** The range over slice {@code s} of {@code img}. */
    public Range resolve(ImagePlanes img, int s) {
        return resolve(lazyPlanes(img, s, s + 1), img.kind());
    }

    /** One range per slice: all equal unless per slice. */
    public Range[] resolveAll(ImagePlanes img) {
        Range[] r = new Range[img.slices()];
        if (!perSlice || kind == Kind.FIXED || kind == Kind.TYPE_RANGE || img.isRgb()) {
            Arrays.fill(r, resolve(img));
        } else {
            for (int s = 0; s < r.length; s++) {
                r[s] = resolve(img, s);
            }
        }
        return r;
    }

    /** The range over the given planes, all of {@code sampleKind}. */
    public Range resolve(List<Plane> planes, ImagePlanes.Kind sampleKind) {
        if (sampleKind == ImagePlanes.Kind.RGB) {
            return new Range(this, sampleKind, 0, 255);
        }
        switch (kind) {
            case FIXED:
                return new Range(this, sampleKind, low, high);
            case TYPE_RANGE:
                return new Range(this, sampleKind, 0, sampleKind == ImagePlanes.Kind.GRAY8 ? 255
                        : sampleKind == ImagePlanes.Kind.GRAY16 ? 65535 : 1);
            case MIN_MAX: {
                Percentiles.Stats st = Percentiles.stats(planes, sampleKind);
                return st.count == 0 ? new Range(this, sampleKind, 0, 0) : new Range(this, sampleKind, st.min, st.max);
            }
            default: {
                double[] p = Percentiles.percentiles(planes, sampleKind, low, high);
                return Double.isNaN(p[0]) ? new Range(this, sampleKind, 0, 0) : new Range(this, sampleKind, p[0], p[1]);
            }
        }
    }

    private static List<Plane> lazyPlanes(ImagePlanes img, int from, int to) {
        if (to - from == 1) {
            return Collections.singletonList(img.plane(from));
        }
        return new AbstractList<Plane>() {
            @Override
            public Plane get(int i) {
                return img.plane(from + i);
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    // ------------------------------------------------------------------ resolved range

    /** A resolved mapping raw value -&gt; intensity -&gt; L. Immutable and thread-safe. */
    public static final class Range {
        private static final int T_CELLS = 1 << 14;
        private static final float[] T_TO_L = new float[T_CELLS + 2];

        static {
            for (int i = 0; i <= T_CELLS; i++) {
                T_TO_L[i] = (float) Lab.intensityToL(i / (double) T_CELLS);
            }
            T_TO_L[T_CELLS + 1] = T_TO_L[T_CELLS];
        }

        private final Normalization normalization;
        private final ImagePlanes.Kind sampleKind;
        private final double low;
        private final double high;
        private final double inverseWidth;
        private volatile float[] lut8;
        private volatile float[] lut16;

        Range(Normalization normalization, ImagePlanes.Kind sampleKind, double low, double high) {
            this.normalization = normalization;
            this.sampleKind = sampleKind;
            this.low = low;
            this.high = high;
            this.inverseWidth = high > low ? 1.0 / (high - low) : 0;
        }

        public Normalization normalization() {
            return normalization;
        }

        /** The kind of samples this range was resolved for; for RGB the range is not used. */
        public ImagePlanes.Kind sampleKind() {
            return sampleKind;
        }

        public double low() {
            return low;
        }

        public double high() {
            return high;
        }

        /** The fixed normalization that reproduces this range on any image; null if low == high. */
        public Normalization asFixed() {
            return high > low ? fixed(low, high) : null;
        }

        /** Raw sample -&gt; intensity in [0, 1] (NaN and infinities -&gt; 0; see the class comment for low == high). */
        public double intensity(double x) {
            if (!Double.isFinite(x)) {
                return 0;
            }
            if (high > low) {
                double t = (x - low) / (high - low);
                return t <= 0 ? 0 : t >= 1 ? 1 : t;
            }
            return x < low ? 0 : x > high ? 1 : 0.5;
        }

        /** Raw sample -&gt; L in double precision. */
        public double toL(double x) {
            return Lab.intensityToL(intensity(x));
        }

        /** L of a whole plane into {@code l[off..]}; RGB planes get their own L. Uses all cores. */
        public void toL(Plane p, float[] l, int off) {
            if (off < 0 || off > l.length - p.length) {
                throw new IndexOutOfBoundsException("plane of " + p.length + " at " + off + " in " + l.length);
            }
            int threads = Parallel.defaultThreads();
            switch (p.kind) {
                case RGB:
                    new LabConverter(threads).rgbToL((int[]) p.array, p.offset, p.length, l, off);
                    return;
                case GRAY8: {
                    float[] lut = lut8();
                    byte[] a = (byte[]) p.array;
                    Parallel.run(p.length, threads, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            l[off + i] = lut[a[p.offset + i] & 0xff];
                        }
                    });
                    return;
                }
                case GRAY16: {
                    float[] lut = lut16();
                    short[] a = (short[]) p.array;
                    Parallel.run(p.length, threads, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            l[off + i] = lut[a[p.offset + i] & 0xffff];
                        }
                    });
                    return;
                }
                default: {
                    float[] a = (float[]) p.array;
                    Parallel.run(p.length, threads, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            l[off + i] = floatToL(a[p.offset + i]);
                        }
                    });
                }
            }
        }

        /**
         * Float path: intensity in double, L from a 16385-entry table with linear interpolation (|error| &lt;
         * 1e-5 against {@link #toL(double)}).
         */
        private float floatToL(float x) {
            if (!(x - x == 0f)) { // NaN, infinities
                return T_TO_L[0];
            }
            double t;
            if (high > low) {
                t = (x - low) * inverseWidth;
            } else {
                t = x < low ? 0 : x > high ? 1 : 0.5;
            }
            if (t <= 0) {
                return T_TO_L[0];
            }
            if (t >= 1) {
                return T_TO_L[T_CELLS];
            }
            double pos = t * T_CELLS;
            int i = (int) pos;
            float frac = (float) (pos - i);
            return T_TO_L[i] + frac * (T_TO_L[i + 1] - T_TO_L[i]);
        }

        private float[] lut8() {
            float[] lut = lut8;
            if (lut == null) {
                lut = new float[256];
                for (int v = 0; v < 256; v++) {
                    lut[v] = (float) toL(v);
                }
                lut8 = lut;
            }
            return lut;
        }

        private float[] lut16() {
            float[] lut = lut16;
            if (lut == null) {
                lut = new float[65536];
                for (int v = 0; v < 65536; v++) {
                    lut[v] = (float) toL(v);
                }
                lut16 = lut;
            }
            return lut;
        }

        /** E.g. "percentile 0.1-99.9 -> [12.0, 3400.0]", "rgb: L from RGB". */
        public String describe() {
            if (sampleKind == ImagePlanes.Kind.RGB) {
                return "rgb: L from RGB";
            }
            return normalization.describe() + " -> [" + low + ", " + high + "]";
        }

        /**
         * JSON-able fields: spec, kind, pLow/pHigh (percentiles) or none, perSlice, sampleKind, low, high.
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", normalization.spec());
            m.put("kind", normalization.kind.name().toLowerCase(Locale.ROOT));
            if (normalization.kind == Kind.PERCENTILE) {
                m.put("pLow", normalization.low);
                m.put("pHigh", normalization.high);
            }
            m.put("perSlice", normalization.perSlice);
            m.put("sampleKind", sampleKind.name());
            m.put("low", low);
            m.put("high", high);
            return m;
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
