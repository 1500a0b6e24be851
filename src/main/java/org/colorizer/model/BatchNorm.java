package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.BatchNorm2d(c)} (momentum 0.1, eps 1e-5). Training mode normalizes with the batch statistics and
 * updates the running statistics, unless {@link ForwardOptions#KEEP_STATS} is set; inference mode uses the
 * running statistics.
 */
public final class BatchNorm extends AbstractBlock {
    static final double MOMENTUM = 0.1;
    static final double EPS = 1e-5;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public BatchNorm(int channels) {
        this.channels = channels;
        Shape s = new Shape(channels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).optShape(s).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).optShape(s).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager m = x.getManager();
        NDArray g = ps.getValue(gamma, x.getDevice(), training);
        NDArray b = ps.getValue(beta, x.getDevice(), training);
        NDArray mean = ps.getValue(runningMean, x.getDevice(), training);
        NDArray var = ps.getValue(runningVar, x.getDevice(), training);
        if (training && ForwardOptions.keepStats(params)) {
            // batch statistics, but the update lands in throw-away copies
            mean = TorchOps.into(mean.duplicate(), m);
            var = TorchOps.into(var.duplicate(), m);
        }
        // JniUtils.batchNorm's parameters are misnamed: the native order is (input, mean, var, weight, bias)
        return new NDList(JniUtils.batchNorm(TorchOps.pt(x), TorchOps.pt(mean), TorchOps.pt(var), TorchOps.pt(g),
                TorchOps.pt(b), training, MOMENTUM, EPS));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    public int getChannels() {
        return channels;
    }

    /** The epsilon added to the variance. */
    public double getEpsilon() {
        return EPS;
    }
}
