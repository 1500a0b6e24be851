package org.colorizer.color;

/**
 * The fast {@link Lab} bulk conversions split over a number of threads (contiguous chunks, see
 * {@link Parallel}). Stateless apart from the thread count; safe to share.
 */
public final class LabConverter {
    private final int threads;

    public LabConverter(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** A converter using {@link Parallel#defaultThreads()} threads (all cores unless configured). */
    public static LabConverter allCores() {
        return new LabConverter(Parallel.defaultThreads());
    }

    public int threads() {
        return threads;
    }

    /** Parallel {@link Lab#rgbToLab}. */
    public void rgbToLab(int[] argb, int off, int len, float[] l, float[] a, float[] b, int outOff) {
        Parallel.run(len, threads, (from, to) -> Lab.rgbToLab(argb, off + from, to - from, l, a, b, outOff + from));
    }

    /** Parallel {@link Lab#rgbToL}. */
    public void rgbToL(int[] argb, int off, int len, float[] l, int outOff) {
        Parallel.run(len, threads, (from, to) -> Lab.rgbToL(argb, off + from, to - from, l, outOff + from));
    }

    /** Parallel {@link Lab#labToRgb}. */
    public void labToRgb(float[] l, float[] a, float[] b, int inOff, int len, int[] argbOut, int outOff) {
        Parallel.run(len, threads,
                (from, to) -> Lab.labToRgb(l, a, b, inOff + from, to - from, argbOut, outOff + from));
    }

    /** Parallel {@link Lab#lToGrayArgb}. */
    public void lToGrayArgb(float[] l, int inOff, int len, int[] argbOut, int outOff) {
        Parallel.run(len, threads, (from, to) -> Lab.lToGrayArgb(l, inOff + from, to - from, argbOut, outOff + from));
    }
}
