package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.Conv2d(in, out, k, stride, padding, bias)}: weight (out, in, k, k), as in PyTorch. */
public final class Conv extends AbstractBlock {
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
        return new NDList(conv(x, w, b, stride, padding));
    }

    static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int padding) {
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
}
