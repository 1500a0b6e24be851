package org.colorizer.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * L and a*b* planes &lt;-&gt; N x C x H x W float32 NDArrays, with the network's scaling:
 * {@code l' = L / 50 - 1} (L in [0, 100] -&gt; [-1, 1]) and {@code ab' = ab / 110}.
 *
 * <p>Tensors are built in one direct native-order buffer that the PyTorch engine wraps without copying (one
 * {@code manager.create(ByteBuffer, Shape, FLOAT32)} call); read-back goes through the tensor's direct buffer
 * ({@code toByteBuffer(true)}), also without an intermediate copy (one fetch per call; for a GPU or
 * non-contiguous tensor that fetch is a copy, so prefer the whole-batch {@link #tensorToAb(NDArray, List, List)}). Rows are scaled on {@link #threads()}
 * threads. Image i of a batch is slice i along N.
 *
 * <p>Crops ({@link Crop}) read a window of each plane; samples outside the plane are mirrored (reflect
 * without repeating the edge, like PyTorch's ReflectionPad), so tiles may overhang the image border.
 */
public final class Tensors {
    /** L scale: L' = L / L_SCALE - 1. */
    public static final float L_SCALE = 50f;
    /** a*b* scale: ab' = ab / AB_SCALE. */
    public static final float AB_SCALE = 110f;

    private static volatile int threads = Parallel.defaultThreads();

    private Tensors() {}

    /** A window of {@code h x w} (the tensor's size) at (x, y) in a plane of {@code planeWidth x planeHeight}. */
    public static final class Crop {
        public final int planeWidth;
        public final int planeHeight;
        public final int x;
        public final int y;

        public Crop(int planeWidth, int planeHeight, int x, int y) {
            if (planeWidth < 1 || planeHeight < 1) {
                throw new IllegalArgumentException("plane size must be positive: " + planeWidth + "x" + planeHeight);
            }
            this.planeWidth = planeWidth;
            this.planeHeight = planeHeight;
            this.x = x;
            this.y = y;
        }

        @Override
        public String toString() {
            return "Crop(" + x + "," + y + " in " + planeWidth + "x" + planeHeight + ")";
        }
    }

    /** Threads used for scaling (default: {@link Parallel#defaultThreads()}). */
    public static int threads() {
        return threads;
    }

    public static void setThreads(int n) {
        threads = Math.max(1, n);
    }

    public static float scaleL(float l) {
        return l / L_SCALE - 1f;
    }

    public static float unscaleL(float v) {
        return (v + 1f) * L_SCALE;
    }

    public static float scaleAb(float ab) {
        return ab / AB_SCALE;
    }

    public static float unscaleAb(float v) {
        return v * AB_SCALE;
    }

    // ------------------------------------------------------------------ planes -> tensor

    /** Whole L planes (each {@code h*w}, row-major) -&gt; N x 1 x H x W, N = lPlanes.size(). */
    public static NDArray lToTensor(NDManager manager, List<float[]> lPlanes, int h, int w) {
        return lToTensor(manager, lPlanes, whole(lPlanes.size(), w, h), h, w);
    }

    /** Whole a*b* planes -&gt; N x 2 x H x W (channel 0 = a*, 1 = b*). */
    public static NDArray abToTensor(NDManager manager, List<float[]> aPlanes, List<float[]> bPlanes, int h,
            int w) {
        return abToTensor(manager, aPlanes, bPlanes, whole(aPlanes.size(), w, h), h, w);
    }

    /** {@code h x w} windows of L planes (image i cropped by crops.get(i)) -&gt; N x 1 x H x W. */
    public static NDArray lToTensor(NDManager manager, List<float[]> lPlanes, List<Crop> crops, int h, int w) {
        checkPlanes("L", lPlanes, crops);
        return pack(manager, lPlanes.size(), 1, h, w, (image, channel, y, dst) ->
                cropRow(lPlanes.get(image), crops.get(image), y, w, 1f / L_SCALE, -1f, dst));
    }

    /** {@code h x w} windows of a*b* planes -&gt; N x 2 x H x W. */
    public static NDArray abToTensor(NDManager manager, List<float[]> aPlanes, List<float[]> bPlanes,
            List<Crop> crops, int h, int w) {
        checkPlanes("a", aPlanes, crops);
        checkPlanes("b", bPlanes, crops);
        return pack(manager, aPlanes.size(), 2, h, w, (image, channel, y, dst) ->
                cropRow((channel == 0 ? aPlanes : bPlanes).get(image), crops.get(image), y, w, 1f / AB_SCALE,
                        0f, dst));
    }

    // ------------------------------------------------------------------ tensor -> planes

    /** Image {@code index} of an N x 1 x H x W L tensor -&gt; {@code l} (H*W, unscaled to L). */
    public static void tensorToL(NDArray lTensor, int index, float[] l) {
        long[] s = checkShape(lTensor, 1, index);
        int h = (int) s[2];
        int w = (int) s[3];
        unpack(floats(lTensor), index, 1, 0, 0, 0, w, h, w, h, l, w, 0, 0, L_SCALE, 1f);
    }

    /** All images of an N x 2 x H x W tensor -&gt; a*, b* planes (lists of N planes of H*W), one read-back. */
    public static void tensorToAb(NDArray ab, List<float[]> a, List<float[]> b) {
        long[] s = checkShape(ab, 2, 0);
        if (a.size() != s[0] || b.size() != s[0]) {
            throw new IllegalArgumentException("a batch of " + s[0] + " needs as many a and b planes, got "
                    + a.size() + " and " + b.size());
        }
        int h = (int) s[2];
        int w = (int) s[3];
        FloatBuffer data = floats(ab);
        for (int i = 0; i < s[0]; i++) {
            unpack(data, i, 2, 0, 0, 0, w, h, w, h, a.get(i), w, 0, 0, AB_SCALE, 0f);
            unpack(data, i, 2, 1, 0, 0, w, h, w, h, b.get(i), w, 0, 0, AB_SCALE, 0f);
        }
    }

    /** Image {@code index} of an N x 2 x H x W tensor -&gt; a*, b* planes (H*W each, unscaled). */
    public static void tensorToAb(NDArray ab, int index, float[] a, float[] b) {
        long[] s = checkShape(ab, 2, index);
        int h = (int) s[2];
        int w = (int) s[3];
        tensorToAb(ab, index, 0, 0, w, h, a, b, w, 0, 0);
    }

    /**
     * Copies the {@code copyW x copyH} region at ({@code srcX}, {@code srcY}) of image {@code index} of an
     * N x 2 x H x W tensor into planes of width {@code planeW} at ({@code dstX}, {@code dstY}), unscaled. For
     * stitching tiles: copy each tile's inner part.
     */
    public static void tensorToAb(NDArray ab, int index, int srcX, int srcY, int copyW, int copyH, float[] a,
            float[] b, int planeW, int dstX, int dstY) {
        long[] s = checkShape(ab, 2, index);
        int h = (int) s[2];
        int w = (int) s[3];
        if (srcX < 0 || srcY < 0 || copyW < 0 || copyH < 0 || srcX + copyW > w || srcY + copyH > h) {
            throw new IllegalArgumentException("region " + srcX + "," + srcY + " " + copyW + "x" + copyH
                    + " outside the " + w + "x" + h + " tensor");
        }
        FloatBuffer data = floats(ab);
        unpack(data, index, 2, 0, srcX, srcY, copyW, copyH, w, h, a, planeW, dstX, dstY, AB_SCALE, 0f);
        unpack(data, index, 2, 1, srcX, srcY, copyW, copyH, w, h, b, planeW, dstX, dstY, AB_SCALE, 0f);
    }

    // ------------------------------------------------------------------ internals

    private interface RowFiller {
        void row(int image, int channel, int y, float[] dst);
    }

    private static List<Crop> whole(int n, int w, int h) {
        Crop c = new Crop(w, h, 0, 0);
        return java.util.Collections.nCopies(n, c);
    }

    private static NDArray pack(NDManager manager, int n, int c, int h, int w, RowFiller filler) {
        if (n < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("empty batch: " + n + " x " + c + " x " + h + " x " + w);
        }
        long size = (long) n * c * h * w;
        if (size * 4 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + size + " floats is too big for one buffer");
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) size * 4).order(ByteOrder.nativeOrder());
        FloatBuffer floats = bytes.asFloatBuffer();
        int rows = n * c * h;
        Parallel.run(rows, threads, Math.max(1, Parallel.MIN_CHUNK / w), (from, to) -> {
            FloatBuffer dst = floats.duplicate();
            float[] row = new float[w];
            for (int r = from; r < to; r++) {
                int y = r % h;
                int ic = r / h;
                filler.row(ic / c, ic % c, y, row);
                dst.position(r * w);
                dst.put(row, 0, w);
            }
        });
        return manager.create(bytes, new Shape(n, c, h, w), DataType.FLOAT32);
    }

    /** One row of a crop, mirrored at the plane borders, times {@code scale} plus {@code shift}. */
    private static void cropRow(float[] plane, Crop crop, int y, int w, float scale, float shift, float[] dst) {
        int pw = crop.planeWidth;
        int py = reflect(crop.y + y, crop.planeHeight) * pw;
        int x0 = crop.x;
        // inside part straight, overhangs mirrored
        int inFrom = Math.max(0, Math.min(w, -x0));
        int inTo = Math.max(inFrom, Math.min(w, pw - x0));
        for (int x = 0; x < inFrom; x++) {
            dst[x] = plane[py + reflect(x0 + x, pw)] * scale + shift;
        }
        for (int x = inFrom, s = py + x0 + inFrom; x < inTo; x++, s++) {
            dst[x] = plane[s] * scale + shift;
        }
        for (int x = inTo; x < w; x++) {
            dst[x] = plane[py + reflect(x0 + x, pw)] * scale + shift;
        }
    }

    /** Mirror index into [0, n): ... 2 1 | 0 1 2 ... n-1 | n-2 ... (period 2n - 2). */
    static int reflect(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static void checkPlanes(String what, List<float[]> planes, List<Crop> crops) {
        if (planes.size() != crops.size()) {
            throw new IllegalArgumentException(planes.size() + " " + what + " planes but " + crops.size() + " crops");
        }
        for (int i = 0; i < planes.size(); i++) {
            Crop c = crops.get(i);
            if (planes.get(i).length < (long) c.planeWidth * c.planeHeight) {
                throw new IllegalArgumentException(what + " plane " + i + " has " + planes.get(i).length
                        + " values, expected " + c.planeWidth + "x" + c.planeHeight);
            }
        }
    }

    private static long[] checkShape(NDArray t, int channels, int index) {
        long[] s = t.getShape().getShape();
        if (s.length != 4 || s[1] != channels) {
            throw new IllegalArgumentException("expected an N x " + channels + " x H x W tensor, got " + t.getShape());
        }
        if (index < 0 || index >= s[0]) {
            throw new IndexOutOfBoundsException("image " + index + " of a batch of " + s[0]);
        }
        return s;
    }

    /**
     * The tensor's data: a view of its own memory for a contiguous float32 CPU tensor, else of a converted copy
     * (attached to the tensor's manager).
     */
    private static FloatBuffer floats(NDArray t) {
        NDArray f = t.getDataType() == DataType.FLOAT32 ? t : t.toType(DataType.FLOAT32, false);
        return f.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void unpack(FloatBuffer src, int index, int channels, int channel, int srcX, int srcY,
            int copyW, int copyH, int w, int h, float[] plane, int planeW, int dstX, int dstY, float scale,
            float shift) {
        if (dstX < 0 || dstY < 0 || dstX + copyW > planeW || (long) (dstY + copyH) * planeW > plane.length) {
            throw new IllegalArgumentException("target " + dstX + "," + dstY + " " + copyW + "x" + copyH
                    + " outside the plane (" + planeW + " wide, " + plane.length + " values)");
        }
        long base = ((long) index * channels + channel) * h * w;
        Parallel.run(copyH, threads, Math.max(1, Parallel.MIN_CHUNK / Math.max(1, copyW)), (from, to) -> {
            FloatBuffer s = src.duplicate();
            for (int y = from; y < to; y++) {
                int d = (dstY + y) * planeW + dstX;
                s.position((int) (base + (long) (srcY + y) * w + srcX));
                s.get(plane, d, copyW);
                for (int x = d, e = d + copyW; x < e; x++) {
                    plane[x] = (plane[x] + shift) * scale;
                }
            }
        });
    }
}
