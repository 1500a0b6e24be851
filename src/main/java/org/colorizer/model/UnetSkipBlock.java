package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * pix2pix {@code UnetSkipConnectionBlock}: {@code x -> [x, up(sub(down(x)))]}.
 *
 * <pre>
 * outermost: downconv                         -> sub -> ReLU, upconv(+bias), tanh      (no skip)
 * middle:    LReLU(0.2), downconv, BN         -> sub -> ReLU, upconv, BN [, dropout]   -> cat
 * innermost: LReLU(0.2), downconv             ->        ReLU, upconv, BN               -> cat
 * </pre>
 *
 * Convolutions are 4x4 stride 2 without bias (BatchNorm follows). The skip carries {@code LReLU(x)}, as in the
 * reference implementation (its in-place LeakyReLU rewrites x before the concatenation) and in the paper
 * (encoder layers are Conv-BatchNorm-LeakyReLU).
 */
public final class UnetSkipBlock extends AbstractBlock {

    /** Position in the U. */
    public enum Kind { OUTERMOST, MIDDLE, INNERMOST }

    private final Kind kind;
    private final int depth;
    private final float dropout;
    private final Conv down;
    private final BatchNorm downNorm;
    private final UnetSkipBlock sub;
    private final Block up;
    private final BatchNorm upNorm;

    /**
     * @param outer channels this block returns to its parent (output channels for the outermost)
     * @param inner channels of this block's down convolution
     * @param input channels entering this block
     * @param sub the next block inward (null for the innermost)
     * @param depth 0 for the outermost, levels-1 for the innermost (also salts the dropout RNG)
     * @param dropout dropout rate after this block's up path (0 = none)
     */
    public UnetSkipBlock(int outer, int inner, int input, UnetSkipBlock sub, Kind kind, int depth, float dropout,
            ModelConfig.Upsampling upsampling) {
        this.kind = kind;
        this.depth = depth;
        this.dropout = dropout;
        if ((sub == null) != (kind == Kind.INNERMOST)) {
            throw new IllegalArgumentException("only the innermost block has no submodule");
        }
        down = addChildBlock("down", new Conv(input, inner, 4, 2, 1, false));
        downNorm = kind == Kind.MIDDLE ? addChildBlock("downnorm", new BatchNorm(inner)) : null;
        this.sub = sub == null ? null : addChildBlock("sub", sub);
        int upIn = kind == Kind.INNERMOST ? inner : inner * 2;
        boolean upBias = kind == Kind.OUTERMOST;
        up = addChildBlock("up", upsampling == ModelConfig.Upsampling.TRANSPOSED
                ? new TransposedConv(upIn, outer, upBias) : new ResizeConv(upIn, outer, upBias));
        upNorm = kind == Kind.OUTERMOST ? null : addChildBlock("upnorm", new BatchNorm(outer));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray skip = kind == Kind.OUTERMOST ? x : Activation.leakyRelu(x, 0.2f);
        NDList h = down.forward(ps, new NDList(skip), training, params);
        if (downNorm != null) {
            h = downNorm.forward(ps, h, training, params);
        }
        if (sub != null) {
            h = sub.forward(ps, h, training, params);
        }
        h = up.forward(ps, new NDList(Activation.relu(h.singletonOrThrow())), training, params);
        if (kind == Kind.OUTERMOST) {
            return new NDList(h.singletonOrThrow().tanh());
        }
        NDArray y = upNorm.forward(ps, h, training, params).singletonOrThrow();
        if (dropout > 0 && training) {
            y = dropout(y, ForwardOptions.dropoutSeed(params));
        }
        return new NDList(NDArrays.concat(new NDList(skip, y), 1));
    }

    private NDArray dropout(NDArray y, Long seed) {
        if (seed == null) {
            return JniUtils.dropout(TorchOps.pt(y), dropout, true);
        }
        NDManager m = y.getManager();
        float[] mask = new float[Math.toIntExact(y.size())];
        float keep = 1f / (1f - dropout);
        SplittableRandom rng = new SplittableRandom(ForwardOptions.mix(seed, depth));
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < dropout ? 0f : keep;
        }
        NDArray maskArray;
        try (NDArray javaBacked = m.create(mask, y.getShape())) {
            // torch-owned copy: the mask is saved for the backward pass (see TorchOps)
            maskArray = javaBacked.duplicate();
        }
        return y.mul(maskArray);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        Shape inner = down.getOutputShapes(inputs)[0];
        Shape fromSub = sub == null ? inner : sub.getOutputShapes(new Shape[] {inner})[0];
        Shape u = up.getOutputShapes(new Shape[] {fromSub})[0];
        if (kind == Kind.OUTERMOST) {
            return new Shape[] {u};
        }
        return new Shape[] {new Shape(s.get(0), s.get(1) + u.get(1), s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        down.initialize(manager, dataType, inputShapes);
        Shape inner = down.getOutputShapes(inputShapes)[0];
        if (downNorm != null) {
            downNorm.initialize(manager, dataType, inner);
        }
        Shape fromSub = inner;
        if (sub != null) {
            sub.initialize(manager, dataType, inner);
            fromSub = sub.getOutputShapes(new Shape[] {inner})[0];
        }
        up.initialize(manager, dataType, fromSub);
        if (upNorm != null) {
            upNorm.initialize(manager, dataType, up.getOutputShapes(new Shape[] {fromSub}));
        }
    }

    public Kind getKind() { return kind; }
    public int getDepth() { return depth; }
    public float getDropout() { return dropout; }
    public UnetSkipBlock getSub() { return sub; }
}
