package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Nearest-neighbour 2x up-sampling followed by a 3x3 convolution (no checkerboard artifacts). */
public final class ResizeConv extends AbstractBlock {
    private static final int NEAREST = 0; // mode of DJL's torchNNInterpolate
    private final Conv conv;

    public ResizeConv(int in, int out, boolean useBias) {
        conv = addChildBlock("conv", new Conv(in, out, 3, 1, 1, useBias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray up = JniUtils.interpolate(TorchOps.pt(x), new long[] {2 * h, 2 * w}, NEAREST, false);
        return conv.forward(ps, new NDList(up), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return conv.getOutputShapes(new Shape[] {new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        conv.initialize(manager, dataType, new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3)));
    }
}
