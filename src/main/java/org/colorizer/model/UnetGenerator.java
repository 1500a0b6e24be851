package org.colorizer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * pix2pix {@code UnetGenerator}: N x 1 x H x W (L/50 - 1; with hints, N x 4 x H x W: L, then the hints' a* / 110, b* / 110
 * and mask) to N x 2 x H x W (a and b divided by 110, tanh), built from the
 * innermost {@link UnetSkipBlock} outwards. Level d (0 = outermost) has ngf * min(2^d, 8) filters; H and W must
 * be multiples of 2^levels.
 *
 * <p>Dropout: as in the reference code, the innermost block has none and the {@code dropoutLayers} blocks
 * around it have dropout after their up-path BatchNorm (levels 8, dropoutLayers 3 gives the reference's three
 * {@code ngf*8} blocks with dropout).
 */
public final class UnetGenerator extends AbstractBlock {
    public static final int OUTPUT_CHANNELS = 2;
    private final ModelConfig config;
    private final UnetSkipBlock outermost;

    public UnetGenerator(ModelConfig config) {
        this.config = config;
        int levels = config.getLevels();
        UnetSkipBlock block = null;
        for (int d = levels - 1; d >= 0; d--) {
            int inner = filters(d);
            int outer = d == 0 ? OUTPUT_CHANNELS : filters(d - 1);
            int input = d == 0 ? config.getGeneratorInputChannels() : outer;
            UnetSkipBlock.Kind kind = d == 0 ? UnetSkipBlock.Kind.OUTERMOST
                    : d == levels - 1 ? UnetSkipBlock.Kind.INNERMOST : UnetSkipBlock.Kind.MIDDLE;
            boolean drop = d >= 1 && d <= levels - 2 && d >= levels - 1 - config.getDropoutLayers();
            block = new UnetSkipBlock(outer, inner, input, block, kind, d, drop ? config.getDropout() : 0f,
                    config.getUpsampling());
        }
        outermost = addChildBlock("unet", block);
    }

    /** Filters of level d's down convolution: ngf * min(2^d, 8). */
    private int filters(int d) {
        return config.getFilters() * (1 << Math.min(d, 3));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Shape s = inputs.singletonOrThrow().getShape();
        int multiple = config.getSizeMultiple();
        int channels = config.getGeneratorInputChannels();
        if (s.dimension() != 4 || s.get(1) != channels || s.get(2) % multiple != 0 || s.get(3) % multiple != 0) {
            throw new IllegalArgumentException("generator input must be N x " + channels
                    + " x H x W with H and W multiples of " + multiple + "; got " + s);
        }
        return outermost.forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return outermost.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        outermost.initialize(manager, dataType, inputShapes);
    }

    public ModelConfig getConfig() {
        return config;
    }

    public UnetSkipBlock getOutermost() {
        return outermost;
    }
}
