package org.colorizer.color;

/**
 * sRGB (IEC 61966-2-1 transfer curve) &lt;-&gt; CIE L*a*b* with a D65 reference white.
 *
 * <p>The RGB -&gt; XYZ matrix is derived in double precision from the sRGB primaries (0.64, 0.33), (0.30, 0.60),
 * (0.15, 0.06) and the D65 white chromaticity (0.3127, 0.3290). The reference white is the white that matrix
 * maps RGB (1, 1, 1) to: Xn = 0.95045593, Yn = 1, Zn = 1.08905775 (not the rounded 0.95047 / 1.08883), so every
 * gray (v, v, v) has a* = b* = 0 exactly in the double reference. CIE constants are the exact rationals
 * epsilon = 216/24389 and kappa = 24389/27.
 *
 * <p>Two implementations: a double-precision scalar reference ({@link #toLab(int, int, int)},
 * {@link #toRgb(double, double, double)}) written straight from the formulas, and fast float bulk conversions
 * without allocation ({@link #rgbToLab}, {@link #labToRgb}): 256-entry sRGB -&gt; linear table, a
 * table-driven cube root (second-order Taylor step in a 1024-cell table indexed by the float's exponent and
 * top mantissa bits; relative error &lt; 4e-9 before float rounding) and, for Lab -&gt; RGB, 8-bit encoding
 * from a table of 65,536 cells of the linear value, each giving the 8-bit value at its start; the few cells
 * (at most 255) that hold a rounding threshold decode((k + 0.5) / 255) are flagged and compare the value with
 * it, so rounding is exact with respect to the float linear value. Every 8-bit sRGB color
 * survives RGB -&gt; Lab -&gt; RGB unchanged. For multi-threaded use see {@link LabConverter}.
 */
public final class Lab {
    /** CIE epsilon = (6/29)^3. */
    public static final double EPSILON = 216.0 / 24389.0;
    /** CIE kappa = (29/3)^3. */
    public static final double KAPPA = 24389.0 / 27.0;

    /** Reference white X (D65, derived from the sRGB matrix). */
    public static final double XN;
    /** Reference white Y. */
    public static final double YN = 1.0;
    /** Reference white Z (D65, derived from the sRGB matrix). */
    public static final double ZN;

    private static final double[] RGB_TO_XYZ; // row-major 3x3
    private static final double[] XYZ_TO_RGB;

    // ---- fast-path tables and constants
    private static final float[] LIN8 = new float[256]; // sRGB 8-bit -> linear
    private static final float[] GRAY_L = new float[256]; // 8-bit gray -> L
    // rgb -> XYZ/white
    private static final float MX0, MX1, MX2, MY0, MY1, MY2, MZ0, MZ1, MZ2;
    // (X/Xn, Y, Z/Zn) -> linear rgb
    private static final float IR0, IR1, IR2, IG0, IG1, IG2, IB0, IB1, IB2;

    private static final int CBRT_MANT_BITS = 7;
    private static final int CBRT_SHIFT = 23 - CBRT_MANT_BITS;
    private static final int CBRT_MIN_EXP = -7; // 2^-7 < epsilon: the table covers [2^-7, 2)
    private static final int CBRT_BASE = (127 + CBRT_MIN_EXP) << CBRT_MANT_BITS;
    private static final int CBRT_CELLS = (1 - CBRT_MIN_EXP) << CBRT_MANT_BITS;
    private static final float[] CBRT = new float[4 * CBRT_CELLS]; // mid, c0, c1, c2 per cell

    private static final float[] ENC_THRESHOLD = new float[257]; // linear value where k rounds up to k+1
    private static final int ENC16_BITS = 16;
    private static final int ENC16_CELLS = 1 << ENC16_BITS;
    /** Per cell of 1/65536: the 8-bit value at its start, negative if a threshold lies inside the cell. */
    private static final short[] ENC16 = new short[ENC16_CELLS];

    private static final float EPS_F = (float) EPSILON;
    private static final float KAPPA_116 = (float) (KAPPA / 116.0);
    private static final float F_EPS = 6f / 29f;
    private static final float INV_KAPPA_116 = (float) (116.0 / KAPPA);

    static {
        double[][] xy = {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}};
        double wx = 0.3127;
        double wy = 0.3290;
        double[] p = new double[9]; // columns: XYZ of each primary with Y = 1
        for (int c = 0; c < 3; c++) {
            p[c] = xy[c][0] / xy[c][1];
            p[3 + c] = 1.0;
            p[6 + c] = (1 - xy[c][0] - xy[c][1]) / xy[c][1];
        }
        double[] w = {wx / wy, 1.0, (1 - wx - wy) / wy};
        double[] s = mul(invert(p), w);
        RGB_TO_XYZ = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                RGB_TO_XYZ[3 * r + c] = p[3 * r + c] * s[c];
            }
        }
        XYZ_TO_RGB = invert(RGB_TO_XYZ);
        XN = RGB_TO_XYZ[0] + RGB_TO_XYZ[1] + RGB_TO_XYZ[2];
        ZN = RGB_TO_XYZ[6] + RGB_TO_XYZ[7] + RGB_TO_XYZ[8];

        MX0 = (float) (RGB_TO_XYZ[0] / XN);
        MX1 = (float) (RGB_TO_XYZ[1] / XN);
        MX2 = (float) (RGB_TO_XYZ[2] / XN);
        MY0 = (float) RGB_TO_XYZ[3];
        MY1 = (float) RGB_TO_XYZ[4];
        MY2 = (float) RGB_TO_XYZ[5];
        MZ0 = (float) (RGB_TO_XYZ[6] / ZN);
        MZ1 = (float) (RGB_TO_XYZ[7] / ZN);
        MZ2 = (float) (RGB_TO_XYZ[8] / ZN);
        IR0 = (float) (XYZ_TO_RGB[0] * XN);
        IR1 = (float) XYZ_TO_RGB[1];
        IR2 = (float) (XYZ_TO_RGB[2] * ZN);
        IG0 = (float) (XYZ_TO_RGB[3] * XN);
        IG1 = (float) XYZ_TO_RGB[4];
        IG2 = (float) (XYZ_TO_RGB[5] * ZN);
        IB0 = (float) (XYZ_TO_RGB[6] * XN);
        IB1 = (float) XYZ_TO_RGB[7];
        IB2 = (float) (XYZ_TO_RGB[8] * ZN);

        for (int v = 0; v < 256; v++) {
            LIN8[v] = (float) srgbToLinear(v / 255.0);
            GRAY_L[v] = (float) intensityToL(v / 255.0);
        }
        for (int i = 0; i < CBRT_CELLS; i++) {
            float mid = Float.intBitsToFloat(((i + CBRT_BASE) << CBRT_SHIFT) | (1 << (CBRT_SHIFT - 1)));
            double m = mid;
            double c0 = Math.cbrt(m);
            CBRT[4 * i] = mid;
            CBRT[4 * i + 1] = (float) c0;
            CBRT[4 * i + 2] = (float) (c0 / (3 * m));
            CBRT[4 * i + 3] = (float) (-c0 / (9 * m * m));
        }
        for (int k = 0; k < 255; k++) {
            ENC_THRESHOLD[k] = (float) srgbToLinear((k + 0.5) / 255.0);
        }
        ENC_THRESHOLD[255] = Float.POSITIVE_INFINITY;
        ENC_THRESHOLD[256] = Float.POSITIVE_INFINITY;
        int k = 0;
        for (int i = 0; i < ENC16_CELLS; i++) {
            float start = i / (float) ENC16_CELLS;
            float end = (i + 1) / (float) ENC16_CELLS;
            while (start >= ENC_THRESHOLD[k]) {
                k++;
            }
            ENC16[i] = (short) (ENC_THRESHOLD[k] < end ? k | 0x8000 : k);
        }
        // The scheme needs at most one threshold per cell: the smallest gap is 1 / (255 * 12.92).
        for (int i = 1; i < 255; i++) {
            if (ENC_THRESHOLD[i] - ENC_THRESHOLD[i - 1] <= 1.0f / ENC16_CELLS) {
                throw new AssertionError("encoding table too coarse at " + i);
            }
        }
    }

    private Lab() {}

    // ------------------------------------------------------------------ double reference

    /** sRGB transfer curve decode: encoded value in [0, 1] -&gt; linear light. */
    public static double srgbToLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** sRGB transfer curve encode: linear light in [0, 1] -&gt; encoded value. */
    public static double linearToSrgb(double lin) {
        return lin <= 0.0031308 ? lin * 12.92 : 1.055 * Math.pow(lin, 1 / 2.4) - 0.055;
    }

    /** A copy of the sRGB linear -&gt; XYZ matrix (row-major, Y of white = 1). */
    public static double[] rgbToXyzMatrix() {
        return RGB_TO_XYZ.clone();
    }

    /** Double-precision reference: 8-bit sRGB -&gt; {L, a, b}. */
    public static double[] toLab(int r, int g, int b) {
        return linearToLab(srgbToLinear(r / 255.0), srgbToLinear(g / 255.0), srgbToLinear(b / 255.0));
    }

    /** Double-precision reference: linear RGB -&gt; {L, a, b}. */
    public static double[] linearToLab(double r, double g, double b) {
        double[] m = RGB_TO_XYZ;
        double fx = f((m[0] * r + m[1] * g + m[2] * b) / XN);
        double fy = f(m[3] * r + m[4] * g + m[5] * b);
        double fz = f((m[6] * r + m[7] * g + m[8] * b) / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** Double-precision reference: Lab -&gt; linear RGB (unclamped). */
    public static double[] labToLinear(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double x = XN * fInv(fy + a / 500);
        double y = fInv(fy);
        double z = ZN * fInv(fy - b / 200);
        double[] m = XYZ_TO_RGB;
        return new double[] {
            m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z
        };
    }

    /** Double-precision reference: Lab -&gt; 8-bit {r, g, b}, rounded and clamped to 0..255. */
    public static int[] toRgb(double l, double a, double b) {
        double[] lin = labToLinear(l, a, b);
        return new int[] {encode8(lin[0]), encode8(lin[1]), encode8(lin[2])};
    }

    /** Linear light -&gt; 8-bit sRGB, rounded half up and clamped (double precision). */
    public static int encode8(double lin) {
        double c = linearToSrgb(Math.min(1.0, Math.max(0.0, lin)));
        return (int) Math.floor(c * 255 + 0.5);
    }

    /** Gray intensity t in [0, 1] (the sRGB value (255t, 255t, 255t), fractional) -&gt; L (double). */
    public static double intensityToL(double t) {
        return 116 * f(srgbToLinear(t)) - 16;
    }

    /** Inverse of {@link #intensityToL}: L -&gt; gray sRGB intensity in [0, 1] (L clamped to 0..100). */
    public static double lToIntensity(double l) {
        return linearToSrgb(Math.min(1.0, fInv((Math.min(100, Math.max(0, l)) + 16) / 116)));
    }

    /** L of the 8-bit gray sRGB color (v, v, v) (table lookup, = (float) intensityToL(v / 255.0)). */
    public static float grayToL(int v8) {
        return GRAY_L[v8 & 255];
    }

    /** The 8-bit gray whose sRGB encoding is nearest to the luminance of L (a* = b* = 0). */
    public static int lToGray(double l) {
        return encode8(fInv((Math.min(100, Math.max(0, l)) + 16) / 116));
    }

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double fInv(double f) {
        double f3 = f * f * f;
        return f3 > EPSILON ? f3 : (116 * f - 16) / KAPPA;
    }

    // ------------------------------------------------------------------ fast float bulk paths

    /**
     * Fast RGB -&gt; Lab for {@code len} packed (A)RGB pixels from {@code argb[off]} into
     * {@code L/a/b[outOff..]}. Alpha is ignored. No allocation.
     */
    public static void rgbToLab(int[] argb, int off, int len, float[] lOut, float[] aOut, float[] bOut,
            int outOff) {
        checkRange(argb.length, off, len);
        checkRange(Math.min(lOut.length, Math.min(aOut.length, bOut.length)), outOff, len);
        final float[] lin = LIN8;
        for (int i = 0; i < len; i++) {
            int p = argb[off + i];
            float r = lin[(p >> 16) & 255];
            float g = lin[(p >> 8) & 255];
            float b = lin[p & 255];
            float fx = fastF(MX0 * r + MX1 * g + MX2 * b);
            float fy = fastF(MY0 * r + MY1 * g + MY2 * b);
            float fz = fastF(MZ0 * r + MZ1 * g + MZ2 * b);
            int o = outOff + i;
            lOut[o] = 116f * fy - 16f;
            aOut[o] = 500f * (fx - fy);
            bOut[o] = 200f * (fy - fz);
        }
    }

    /** Fast RGB -&gt; L only (the luminance channel of {@link #rgbToLab}). */
    public static void rgbToL(int[] argb, int off, int len, float[] lOut, int outOff) {
        checkRange(argb.length, off, len);
        checkRange(lOut.length, outOff, len);
        final float[] lin = LIN8;
        for (int i = 0; i < len; i++) {
            int p = argb[off + i];
            float y = MY0 * lin[(p >> 16) & 255] + MY1 * lin[(p >> 8) & 255] + MY2 * lin[p & 255];
            lOut[outOff + i] = 116f * fastF(y) - 16f;
        }
    }

    /**
     * Fast Lab -&gt; RGB: {@code len} pixels from {@code L/a/b[inOff..]} into opaque ARGB
     * {@code argbOut[outOff..]}, each channel rounded to the nearest 8-bit value and clamped to 0..255.
     */
    public static void labToRgb(float[] lIn, float[] aIn, float[] bIn, int inOff, int len, int[] argbOut,
            int outOff) {
        checkRange(Math.min(lIn.length, Math.min(aIn.length, bIn.length)), inOff, len);
        checkRange(argbOut.length, outOff, len);
        for (int i = 0; i < len; i++) {
            int j = inOff + i;
            float fy = (lIn[j] + 16f) * (1f / 116f);
            float x = fastFInv(fy + aIn[j] * (1f / 500f));
            float y = fastFInv(fy);
            float z = fastFInv(fy - bIn[j] * (1f / 200f));
            int r = encodeFast(IR0 * x + IR1 * y + IR2 * z);
            int g = encodeFast(IG0 * x + IG1 * y + IG2 * z);
            int b = encodeFast(IB0 * x + IB1 * y + IB2 * z);
            argbOut[outOff + i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
    }

    /** Fast L -&gt; opaque gray ARGB (a* = b* = 0). */
    public static void lToGrayArgb(float[] lIn, int inOff, int len, int[] argbOut, int outOff) {
        checkRange(lIn.length, inOff, len);
        checkRange(argbOut.length, outOff, len);
        for (int i = 0; i < len; i++) {
            int v = encodeFast(fastFInv((lIn[inOff + i] + 16f) * (1f / 116f)));
            argbOut[outOff + i] = 0xff000000 | (v << 16) | (v << 8) | v;
        }
    }

    /** Fast L -&gt; 8-bit gray values (a* = b* = 0). */
    public static void lToGray(float[] lIn, int inOff, int len, byte[] out, int outOff) {
        checkRange(lIn.length, inOff, len);
        checkRange(out.length, outOff, len);
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (byte) encodeFast(fastFInv((lIn[inOff + i] + 16f) * (1f / 116f)));
        }
    }

    /** The CIE f(t) in float: table cube root above epsilon, the linear segment below. */
    static float fastF(float t) {
        if (t > EPS_F) {
            int idx = (Float.floatToRawIntBits(t) >> CBRT_SHIFT) - CBRT_BASE;
            if (idx >= CBRT_CELLS) {
                return (float) Math.cbrt(t);
            }
            int k = idx << 2;
            float[] c = CBRT;
            float u = t - c[k];
            return c[k + 1] + u * (c[k + 2] + u * c[k + 3]);
        }
        return KAPPA_116 * t + (16f / 116f);
    }

    private static float fastFInv(float f) {
        return f > F_EPS ? f * f * f : (f - 16f / 116f) * INV_KAPPA_116;
    }

    /** Linear light -&gt; nearest 8-bit sRGB value; NaN and negatives give 0, values above 1 give 255. */
    private static int encodeFast(float lin) {
        int cell = (int) (lin * ENC16_CELLS); // NaN -> 0
        if ((cell >>> ENC16_BITS) != 0) { // outside [0, 1): out-of-gamut colors only, so the branch is predictable
            cell = cell < 0 ? 0 : ENC16_CELLS - 1;
        }
        int e = ENC16[cell];
        int v = e & 255;
        if (e < 0) { // rare: a rounding threshold lies inside this cell
            v += lin >= ENC_THRESHOLD[v] ? 1 : 0;
        }
        return v;
    }

    private static void checkRange(int length, int off, int len) {
        if (off < 0 || len < 0 || off > length - len) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside array of " + length);
        }
    }

    // ------------------------------------------------------------------ 3x3 helpers

    private static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double ca = e * i - f * h;
        double cb = -(d * i - f * g);
        double cc = d * h - e * g;
        double det = a * ca + b * cb + c * cc;
        return new double[] {
            ca / det, -(b * i - c * h) / det, (b * f - c * e) / det,
            cb / det, (a * i - c * g) / det, -(a * f - c * d) / det,
            cc / det, -(a * h - b * g) / det, (a * e - b * d) / det
        };
    }

    private static double[] mul(double[] m, double[] v) {
        return new double[] {
            m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
            m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]
        };
    }
}
