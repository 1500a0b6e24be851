package org.colorizer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.model.TorchOps;

/**
 * Adam (Kingma and Ba) as PyTorch's {@code torch.optim.Adam} (no weight decay) over a block's trainable
 * parameters, with its state (moments m and v, step count) as plain arrays that export and import bit-exactly.
 *
 * <p>The update runs in one native call per parameter (DJL's fused {@code adamUpdate}:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr_t m / (sqrt(v) + eps_t)}); with
 * {@code lr_t = lr sqrt(1-b2^t) / (1-b1^t)} and {@code eps_t = eps sqrt(1-b2^t)} this is exactly PyTorch's
 * {@code w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 */
public final class Adam implements AutoCloseable {
    private final String name;
    private final List<String> names = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final NDManager stateManager;
    private float learningRate;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private long steps;

    /** Adam over the trainable parameters of an initialized block; the state lives in a sub-manager of {@code manager}. */
    public Adam(String name, Block block, float learningRate, float beta1, float beta2, float eps, NDManager manager) {
        this.name = name;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        stateManager = manager.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            if (!p.getValue().isInitialized()) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " is not initialized");
            }
            names.add(p.getKey());
            params.add(p.getValue());
            m.add(stateManager.zeros(p.getValue().getShape()));
            v.add(stateManager.zeros(p.getValue().getShape()));
        }
    }

    public void setLearningRate(float learningRate) { this.learningRate = learningRate; }
    public float getLearningRate() { return learningRate; }
    /** Number of updates applied so far (PyTorch's {@code state['step']}). */
    public long getStepCount() { return steps; }

    /** Sets the gradients of the parameters to zero (in place; also clears NaN). */
    public void zeroGradients() {
        for (Parameter p : params) {
            JniUtils.zeroGrad(TorchOps.pt(p.getArray()));
        }
    }

    /** Switches gradient recording for these parameters (off: backward passes leave them and their gradients alone). */
    public void setRequiresGradient(boolean on) {
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(on);
        }
    }

    /** Whether every gradient value is finite; temporary arrays go to {@code scratch}. */
    public boolean gradientsFinite(NDManager scratch) {
        if (params.isEmpty()) {
            return true;
        }
        try (TorchOps.GradMode off = TorchOps.gradMode(false)) {
            NDList sums = new NDList(params.size());
            for (Parameter p : params) {
                NDArray g = TorchOps.into(p.getArray().getGradient(), scratch);
                sums.add(g.sum()); // NaN and +-Inf survive the sum
            }
            float total = NDArrays.stack(sums).sum().getFloat();
            return Float.isFinite(total);
        }
    }

    /** One update with the current gradients. */
    public void update(NDManager scratch) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = Math.sqrt(1 - Math.pow(beta2, steps));
        float lrT = (float) (learningRate * bc2 / bc1);
        float epsT = (float) (eps * bc2);
        try (TorchOps.GradMode off = TorchOps.gradMode(false)) {
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).getArray();
                NDArray g = TorchOps.into(w.getGradient(), scratch);
                JniUtils.adamUpdate(TorchOps.pt(w), TorchOps.pt(g), TorchOps.pt(m.get(i)), TorchOps.pt(v.get(i)),
                        lrT, lrT, 0f, 1f, -1f, beta1, beta2, epsT, false);
            }
        }
    }

    /** The state as named copies ({@code name/param/m}, {@code name/param/v}, {@code name/step}) in {@code target}. */
    public NDList state(NDManager target) {
        NDList list = new NDList();
        for (int i = 0; i < params.size(); i++) {
            list.add(named(TorchOps.into(m.get(i).duplicate(), target), name + "/" + names.get(i) + "/m"));
            list.add(named(TorchOps.into(v.get(i).duplicate(), target), name + "/" + names.get(i) + "/v"));
        }
        list.add(named(target.create(new long[] {steps}, new Shape(1)), name + "/step"));
        return list;
    }

    /** Loads a state written by {@link #state}; entries of other optimizers in {@code state} are ignored. */
    public void loadState(NDList state) {
        NDArray step = find(state, name + "/step");
        for (int i = 0; i < params.size(); i++) {
            load(find(state, name + "/" + names.get(i) + "/m"), m.get(i));
            load(find(state, name + "/" + names.get(i) + "/v"), v.get(i));
        }
        if (step.getDataType() != DataType.INT64 || step.size() != 1) {
            throw new ColorizerException("optimizer state: " + name + "/step must be one int64");
        }
        steps = step.toLongArray()[0];
    }

    private static void load(NDArray src, NDArray dst) {
        if (!src.getShape().equals(dst.getShape()) || src.getDataType() != DataType.FLOAT32) {
            throw new ColorizerException("optimizer state: " + src.getName() + " has shape " + src.getShape()
                    + " but the network needs " + dst.getShape() + "; the state belongs to another architecture");
        }
        TorchOps.copyInto(src, dst);
    }

    static NDArray find(NDList list, String key) {
        for (NDArray a : list) {
            if (key.equals(a.getName())) {
                return a;
            }
        }
        throw new ColorizerException("optimizer state: entry '" + key + "' is missing; the state belongs to another "
                + "architecture or is damaged");
    }

    static NDArray named(NDArray a, String n) {
        a.setName(n);
        return a;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
