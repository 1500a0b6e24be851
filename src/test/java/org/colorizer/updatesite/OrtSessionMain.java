package org.colorizer.updatesite;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Run by {@link OnnxRuntimeJarsTest} in a JVM whose class path holds the site's ONNX Runtime jars (not Maven's):
 * opens {@code args[0]}, runs it on {@link #input()} as input "l" [1,1,64,64], writes the first output's floats to
 * {@code args[1]} and prints where the classes and the Linux library came from.
 */
public final class OrtSessionMain {
    static final int SIZE = 64;

    private OrtSessionMain() {}

    /** A ramp with a bright square: something for the network to color. */
    static float[] input() {
        float[] l = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                l[y * SIZE + x] = x >= 20 && x < 40 && y >= 20 && y < 40 ? 0.9f : (x + y) / (2f * SIZE);
            }
        }
        return l;
    }

    /** The first output of {@code session} for {@link #input()}, flattened. */
    static float[] run(OrtEnvironment env, OrtSession session) throws Exception {
        try (OnnxTensor l = OnnxTensor.createTensor(env, FloatBuffer.wrap(input()), new long[] {1, 1, SIZE, SIZE});
                OrtSession.Result result = session.run(Map.of("l", l))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("classes from: " + OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("library from: "
                + OrtEnvironment.class.getResource("/ai/onnxruntime/native/linux-x64/libonnxruntime.so"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] values;
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions())) {
            values = run(env, session);
        }
        try (OutputStream file = Files.newOutputStream(Paths.get(args[1]));
                DataOutputStream out = new DataOutputStream(file)) {
            for (float v : values) {
                out.writeFloat(v);
            }
        }
        System.out.println("ran: " + values.length + " values");
    }
}
