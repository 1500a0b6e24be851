package org.colorizer.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;

/** One inference pass of a DJL block on tensors, in a scope of its own: nothing outlives the call. */
final class DjlForward {
    private DjlForward() {}

    /**
     * Runs {@code block} on {@code inputs} under {@code manager} and returns its first output as float32;
     * {@code what} names the network when the block refuses its inputs.
     */
    static Tensor run(NDManager manager, Block block, List<Tensor> inputs, String what) {
        return Engines.with(() -> {
            try (NDManager scope = manager.newSubManager()) {
                JniUtils.setGradMode(false); // thread-local in libtorch; threads start with it on
                NDList in = new NDList();
                for (Tensor t : inputs) {
                    in.add(scope.create(t.data, new Shape(t.shape)));
                }
                NDList out;
                try {
                    out = block.forward(new ParameterStore(scope, false), in, false);
                } catch (RuntimeException e) {
                    throw new ColorizerException(what + ": the network refused its inputs "
                            + NetworkErrors.shapes(inputs) + " (" + NetworkErrors.firstLine(e) + ")");
                }
                if (out.isEmpty()) {
                    throw new ColorizerException(what + ": the network returned no tensor");
                }
                NDArray y = out.get(0);
                return new Tensor(y.toType(DataType.FLOAT32, false).toFloatArray(), y.getShape().getShape());
            }
        });
    }
}
