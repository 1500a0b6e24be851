package org.colorizer.interop;

import ai.onnxruntime.OrtEnvironment;

/** One line on ONNX Runtime for the system report: its version and execution providers, or why it did not load. */
public final class OnnxRuntimeInfo {
    private OnnxRuntimeInfo() {}

    public static String describe() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            return env.getVersion() + " (providers " + OrtEnvironment.getAvailableProviders() + ")";
        } catch (RuntimeException | LinkageError e) {
            return "FAILED: " + e + " (ONNX networks cannot run; TorchScript and built-in models are not affected)";
        }
    }
}
