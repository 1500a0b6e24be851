package org.colorizer.interop;

import ai.djl.Device;
import java.util.List;

/** Runs an exported graph once in ONNX Runtime (CPU): to check an export against the network it came from. */
public final class OnnxRuntimeRun {
    private OnnxRuntimeRun() {}

    /**
     * The output {@value OnnxExport#OUTPUT} of {@code model} for one float32 input {@value OnnxExport#INPUT} of
     * {@code shape}; {@code what} names the model in errors.
     */
    public static float[] run(byte[] model, float[] input, long[] shape, String what) {
        try (OnnxNetwork network = new OnnxNetwork(model, what, Device.cpu())) {
            return network.run(List.of(new Tensor(input, shape))).data;
        }
    }
}
