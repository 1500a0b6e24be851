package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/**
 * Small PyTorch-specific helpers the networks and the training step share.
 *
 * <p>Two DJL pitfalls are avoided here on purpose:
 *
 * <ul>
 *   <li>{@code x.mul(2f)}, {@code x.div(2f)} etc. wrap the number in a tensor over a Java direct buffer
 *       ({@code from_blob}) and close it right away. If {@code x} is part of an autograd graph, PyTorch keeps
 *       that scalar for the backward pass, but its memory is freed once the Java buffer is garbage-collected:
 *       the backward then reads freed memory (NaN or garbage gradients, at random, depending on GC timing).
 *       Inside graphs, constants must be torch-owned: {@link #scalar}.
 *   <li>{@code NDArray.set(Buffer)} and {@code copyTo} replace a tensor's storage by a Java buffer instead of
 *       copying into it; {@link #copyInto} copies in place.
 * </ul>
 */
public final class TorchOps {

    private TorchOps() {}

    public static PtNDArray pt(NDArray a) {
        return (PtNDArray) a;
    }

    /** A 0-d float tensor allocated by PyTorch (safe to use inside autograd graphs). */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }

    /** Attaches {@code a} to {@code manager} and returns it (results of ops on parameters land in the parameter's manager). */
    public static NDArray into(NDArray a, NDManager manager) {
        if (a.getManager() != manager) {
            a.attach(manager);
        }
        return a;
    }

    /** Copies {@code src} into the existing storage of {@code dst} (same shape), outside autograd. */
    public static void copyInto(NDArray src, NDArray dst) {
        if (!src.getShape().equals(dst.getShape())) {
            throw new IllegalArgumentException("copyInto: shape " + src.getShape() + " into " + dst.getShape());
        }
        long[] shape = dst.getShape().getShape();
        int rank = shape.length;
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            if (rank == 0) {
                // index_put_ needs at least one dimension: copy through a 1-element view
                try (NDArray d = dst.reshape(1); NDArray s = src.reshape(1)) {
                    JniUtils.indexSet(pt(d), pt(s), new long[] {0}, new long[] {1}, new long[] {1});
                }
                return;
            }
            long[] min = new long[rank];
            long[] step = new long[rank];
            Arrays.fill(step, 1);
            JniUtils.indexSet(pt(dst), pt(src), min, shape.clone(), step);
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** A view {@code x[..., from_d : from_d + size_d, ...]} (step 1), attached to {@code manager}. */
    public static NDArray slice(NDArray x, long[] from, long[] size, NDManager manager) {
        long[] max = new long[from.length];
        long[] step = new long[from.length];
        for (int i = 0; i < from.length; i++) {
            max[i] = from[i] + size[i];
            step[i] = 1;
        }
        return JniUtils.index(pt(x), from, max, step, (PtNDManager) manager);
    }

    /**
     * Switches PyTorch's (thread-local) autograd recording; {@code close()} restores the previous state.
     * A fresh thread starts with recording on, so inference code must switch it off explicitly.
     */
    public static GradMode gradMode(boolean enabled) {
        return new GradMode(enabled);
    }

    /** See {@link #gradMode}. */
    public static final class GradMode implements AutoCloseable {
        private final boolean previous;

        GradMode(boolean enabled) {
            previous = JniUtils.isGradMode();
            JniUtils.setGradMode(enabled);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
