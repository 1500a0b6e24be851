package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.Conv2d(in, out, k, stride, padding, bias)}: weight (out, in, k, k), as in PyTorch.
 *
 * <p>At batch 1 with at most {@link #MATMUL_MAX_POSITIONS} output positions (the inner U-Net levels), the
 * convolution runs as im2col (k*k strided slices) and one matrix product: there the layer is bound by reading
 * its weights, which the matrix product reads once, while libtorch's convolution is several times slower
 * (docs/benchmarks.md; at batch 4 the convolution is faster, so it keeps it).
 */
public final class Conv extends AbstractBlock {
    /** Largest H*W of a batch-1 output computed as im2col + matrix product. */
    public static final long MATMUL_MAX_POSITIONS = 100;
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    public Conv(int in, int out, int kernel, int stride, int padding, boolean useBias) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).build());
        bias = useBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b, kernel, stride, padding));
    }

    /** Convolution of x with weight w (out, in, k, k), choosing the faster of {@link #conv} and {@link #im2col}. */
    static NDArray apply(NDArray x, NDArray w, NDArray b, int kernel, int stride, int padding) {
        Shape s = x.getShape();
        long ho = (s.get(2) + 2L * padding - kernel) / stride + 1;
        long wo = (s.get(3) + 2L * padding - kernel) / stride + 1;
        if (s.get(0) == 1 && ho * wo <= MATMUL_MAX_POSITIONS) {
            return im2col(x, w, b, stride, padding);
        }
        return conv(x, w, b, stride, padding);
    }

    /** The convolution as im2col and one (broadcast) matrix product; same result as {@link #conv}. */
    static NDArray im2col(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        long cin = x.getShape().get(1);
        long cout = w.getShape().get(0);
        int k = (int) w.getShape().get(2);
        NDArray xp = padding == 0 ? x
                : JniUtils.pad(TorchOps.pt(x), new long[] {padding, padding, padding, padding}, 0);
        long ho = (xp.getShape().get(2) - k) / stride + 1;
        long wo = (xp.getShape().get(3) - k) / stride + 1;
        NDList taps = new NDList(k * k);
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                taps.add(JniUtils.index(TorchOps.pt(xp), new long[] {0, 0, u, v},
                        new long[] {n, cin, u + stride * (ho - 1) + 1, v + stride * (wo - 1) + 1},
                        new long[] {1, 1, stride, stride}, (PtNDManager) m));
            }
        }
        NDArray cols = NDArrays.stack(taps, 2).reshape(n, cin * k * k, ho * wo); // (n, in*k*k, positions)
        NDArray y = TorchOps.into(w.reshape(cout, cin * k * k), m).matMul(cols); // (n, out, positions)
        if (b != null) {
            y = y.add(TorchOps.into(b.reshape(cout, 1), m));
        }
        return y.reshape(n, cout, ho, wo);
    }

    /**
     * libtorch's convolution, except where it records gradients at a shape whose gradients {@link ConvCheck} found
     * wrong on this CPU, or with fewer than {@link ConvCheck#MIN_CHANNELS} channels: there the checked
     * {@link #im2col} path.
     */
    static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        if (JniUtils.isGradMode() && ConvCheck.enabled()
                && (!ConvCheck.libtorchRight(x, w, stride, padding) || ConvCheck.thin(w))) {
            return im2col(x, w, b, stride, padding);
        }
        return torchConv(x, w, b, stride, padding);
    }

    /** libtorch's convolution, unchecked. */
    static NDArray torchConv(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        return JniUtils.convolution(TorchOps.pt(x), TorchOps.pt(w), b == null ? null : TorchOps.pt(b),
                new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), out, outSize(s.get(2)), outSize(s.get(3)))};
    }

    private long outSize(long size) {
        return (size + 2L * padding - kernel) / stride + 1;
    }

    public int getInChannels() { return in; }
    public int getOutChannels() { return out; }
    public int getKernel() { return kernel; }
    public int getStride() { return stride; }
    public int getPadding() { return padding; }
}
