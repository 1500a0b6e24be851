package org.colorizer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * pix2pix {@code NLayerDiscriminator} (PatchGAN; 3 layers and 64 filters give 70x70 patches): input
 * N x 3 x H x W (L, a*b* concatenated), output N x 1 x h x w logits.
 *
 * <pre>
 * conv4 s2 (+bias), LReLU 0.2
 * (layers-1) x [conv4 s2, BN, LReLU 0.2]    filters ndf * min(2^n, 8)
 * conv4 s1, BN, LReLU 0.2                   filters ndf * min(2^layers, 8)
 * conv4 s1 (+bias) to 1 channel
 * </pre>
 */
public final class PatchDiscriminator extends AbstractBlock {
    public static final int INPUT_CHANNELS = 3;

    public PatchDiscriminator(ModelConfig config) {
        int ndf = config.getDiscriminatorFilters();
        int layers = config.getDiscriminatorLayers();
        addChildBlock("conv", new Conv(INPUT_CHANNELS, ndf, 4, 2, 1, true));
        int mult = 1;
        for (int n = 1; n <= layers; n++) {
            int prev = mult;
            mult = Math.min(1 << n, 8);
            int stride = n < layers ? 2 : 1;
            addChildBlock("conv", new Conv(ndf * prev, ndf * mult, 4, stride, 1, false));
            addChildBlock("norm", new BatchNorm(ndf * mult));
        }
        addChildBlock("conv", new Conv(ndf * mult, 1, 4, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.singletonOrThrow().getShape().get(1) != INPUT_CHANNELS) {
            throw new IllegalArgumentException("discriminator input must be N x 3 x H x W (L, a, b); got "
                    + inputs.singletonOrThrow().getShape());
        }
        NDList x = inputs;
        int last = children.size() - 1;
        for (int i = 0; i <= last; i++) {
            Block b = children.get(i).getValue();
            x = b.forward(ps, x, training, params);
            // LeakyReLU after the first conv and after every BatchNorm
            if (i < last && (i == 0 || b instanceof BatchNorm)) {
                x = new NDList(Activation.leakyRelu(x.singletonOrThrow(), 0.2f));
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] s = inputs;
        for (Pair<String, Block> c : children) {
            s = c.getValue().getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Pair<String, Block> c : children) {
            c.getValue().initialize(manager, dataType, s);
            s = c.getValue().getOutputShapes(s);
        }
    }
}
