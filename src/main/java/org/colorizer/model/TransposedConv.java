package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.ConvTranspose2d(in, out, kernel_size=4, stride=2, padding=1, bias)}, the pix2pix up-sampling layer.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so it is computed with an ordinary one. With
 * {@code y = 2m + a} (phase {@code a} in {0, 1}), the transposed convolution reads, per axis,
 * {@code out[2m] = in[m-1] w[3] + in[m] w[1]} and {@code out[2m+1] = in[m] w[2] + in[m+1] w[0]}: phase
 * {@code a} is a 2x2 correlation of the input padded by 1 whose tap {@code u} is {@code w[3 - a - 2u]}.
 *
 * <ul>
 *   <li>{@link Method#PHASES}: one 2x2 convolution with 4*out channels over the input padded by 1 gives
 *       (H+1)x(W+1) maps; phase (a, b) is the crop at offset (a, b); stacking the four crops interleaves them.
 *       Same FLOPs as the transposed convolution.
 *   <li>{@link Method#SHUFFLE}: one 3x3 convolution with 4*out channels (each phase kernel zero-padded to 3x3)
 *       followed by depth-to-space. 2.25x the FLOPs, fewer operations.
 * </ul>
 *
 * <p>Layout: the weight parameter is stored as these phase kernels, shape (4*out, in, 2, 2), channels ordered
 * (a, b, out): rearranging PyTorch's (in, out, 4, 4) layout in every forward pass costs as much as the
 * convolutions of the inner layers (a strided copy of every weight, and again in the backward pass).
 * {@link #toTorchLayout} and {@link #fromTorchLayout} convert exactly, for comparison with or import from
 * PyTorch.
 */
public final class TransposedConv extends AbstractBlock {

    /** How the transposed convolution is computed (same result). */
    public enum Method { PHASES, SHUFFLE }

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private Method method = Method.PHASES;

    public TransposedConv(int in, int out, boolean useBias) {
        this.in = in;
        this.out = out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(4L * out, in, 2, 2)).build());
        bias = useBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build()) : null;
    }

    public void setMethod(Method method) {
        this.method = method;
    }

    public Method getMethod() {
        return method;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray k = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(method == Method.PHASES ? phases(x, k, b) : shuffle(x, k, b));
    }

    /**
     * PyTorch's ConvTranspose2d weight (in, out, 4, 4) to phase kernels (4*out, in, 2, 2): tap (u, v) of phase
     * (a, b) is w[in, out, 3-a-2u, 3-b-2v]. The result is attached to w's manager.
     */
    public static NDArray fromTorchLayout(NDArray w) {
        long cin = w.getShape().get(0);
        long cout = w.getShape().get(1);
        NDManager m = w.getManager();
        try (NDManager tmp = m.newSubManager()) {
            NDArray flipped = TorchOps.into(w.flip(2, 3), tmp); // index 3 - k = 2u + a
            NDArray split = TorchOps.into(flipped.reshape(cin, cout, 2, 2, 2, 2), tmp); // (in, out, u, a, v, b)
            NDArray perm = TorchOps.into(split.transpose(3, 5, 1, 0, 2, 4), tmp); // (a, b, out, in, u, v)
            return TorchOps.into(perm.reshape(4 * cout, cin, 2, 2), m);
        }
    }

    /** Phase kernels (4*out, in, 2, 2) back to PyTorch's ConvTranspose2d layout (in, out, 4, 4), in k's manager. */
    public static NDArray toTorchLayout(NDArray k) {
        long cout = k.getShape().get(0) / 4;
        long cin = k.getShape().get(1);
        NDManager m = k.getManager();
        try (NDManager tmp = m.newSubManager()) {
            NDArray split = TorchOps.into(k.reshape(2, 2, cout, cin, 2, 2), tmp); // (a, b, out, in, u, v)
            NDArray perm = TorchOps.into(split.transpose(3, 2, 4, 0, 5, 1), tmp); // (in, out, u, a, v, b)
            NDArray flipped = TorchOps.into(perm.reshape(cin, cout, 4, 4), tmp);
            return TorchOps.into(flipped.flip(2, 3), m);
        }
    }

    static NDArray phases(NDArray x, NDArray k, NDArray b) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        long cout = k.getShape().get(0) / 4;
        NDArray kb = b == null ? null : TorchOps.into(b.tile(4), m);
        NDArray y = Conv.apply(x, k, kb, 2, 1, 1); // (n, 4*out, h+1, w+1)
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray p0 = TorchOps.slice(y, new long[] {0, (2 * a) * cout, a, 0}, new long[] {n, cout, h, wd}, m);
            NDArray p1 = TorchOps.slice(y, new long[] {0, (2 * a + 1) * cout, a, 1}, new long[] {n, cout, h, wd}, m);
            rows[a] = NDArrays.stack(new NDList(p0, p1), 4); // (n, out, h, w, b)
        }
        NDArray grid = NDArrays.stack(new NDList(rows[0], rows[1]), 3); // (n, out, h, a, w, b)
        return grid.reshape(n, cout, 2 * h, 2 * wd);
    }

    static NDArray shuffle(NDArray x, NDArray k, NDArray b) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        long cout = k.getShape().get(0) / 4;
        long cin = k.getShape().get(1);
        NDArray pk = TorchOps.into(k.reshape(4, cout, cin, 2, 2), m);
        NDList padded = new NDList(4);
        for (int a = 0; a < 2; a++) {
            for (int bb = 0; bb < 2; bb++) {
                NDArray p = TorchOps.into(pk.get(2 * a + bb), m); // (out, in, 2, 2)
                // phase a reads rows m-1, m (a = 0) or m, m+1 (a = 1) of a 3x3 window centred on m
                padded.add(JniUtils.pad(TorchOps.pt(p), new long[] {bb, 1 - bb, a, 1 - a}, 0));
            }
        }
        NDArray k3 = NDArrays.stack(padded, 1).reshape(4 * cout, cin, 3, 3); // channels (out, a, b)
        NDArray kb = b == null ? null : TorchOps.into(b.repeat(0, 4), m);
        NDArray y = Conv.conv(x, k3, kb, 1, 1); // (n, 4*out, h, w)
        return y.reshape(n, cout, 2, 2, h, wd).transpose(0, 1, 4, 2, 5, 3).reshape(n, cout, 2 * h, 2 * wd);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3))};
    }

    public int getInChannels() { return in; }
    public int getOutChannels() { return out; }
}
