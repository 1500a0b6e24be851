package org.colorizer.interop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.colorizer.ColorizerException;

/** Runs an exported graph once in ONNX Runtime (CPU): to check an export against the network it came from. */
public final class OnnxRuntimeRun {
    private OnnxRuntimeRun() {}

    /**
     * The output {@value OnnxExport#OUTPUT} of {@code model} for one float32 input {@value OnnxExport#INPUT} of
     * {@code shape}; {@code what} names the model in errors.
     */
    public static float[] run(byte[] model, float[] input, long[] shape, String what) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
            OnnxTensor y = (OnnxTensor) result.get(OnnxExport.OUTPUT)
                    .orElseThrow(() -> new ColorizerException(what + ": ONNX Runtime gave no output '"
                            + OnnxExport.OUTPUT + "'"));
            FloatBuffer b = y.getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        } catch (OrtException e) {
            throw new ColorizerException(what + ": ONNX Runtime cannot run it: " + e.getMessage(), e);
        }
    }
}
