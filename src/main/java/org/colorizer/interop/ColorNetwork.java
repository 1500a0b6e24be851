package org.colorizer.interop;

import java.util.List;

/**
 * A colorization network as the colorize pipeline calls it: tensors in, its first output out. Implemented by the
 * built-in U-Net, TorchScript networks and ONNX networks; what the tensors mean is an {@link IoPreset}'s business.
 * Implementations are safe to call from several threads at once.
 */
public interface ColorNetwork extends AutoCloseable {
    /** Runs the network on its inputs (in the network's order) and returns its first output. */
    Tensor run(List<Tensor> inputs);

    /** What runs it, for messages and reports ("built-in U-Net", "TorchScript", "ONNX Runtime"). */
    String kind();

    @Override
    void close();
}
