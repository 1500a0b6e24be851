package org.colorizer.interop;

import ai.djl.Device;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;

/** Opens the network of a model file: the built-in U-Net, or the TorchScript or ONNX network it holds. */
public final class NetworkLoader {
    private NetworkLoader() {}

    /** The input/output convention of a model file's network. */
    public static IoPreset preset(ModelDescription d) {
        ModelDescription.ImportedNetwork n = d.network;
        if (n == null) {
            return IoPreset.colorizer(d.model.takesHints());
        }
        return IoPreset.COLORIZER.equals(n.io) ? IoPreset.colorizer(n.hintChannels > 0) : IoPreset.named(n.io, "io");
    }

    /** Loads the network of {@code contents} on {@code device}; {@code what} names the model in errors. */
    public static ColorNetwork open(ModelFile.Contents contents, String what, Device device) {
        ModelDescription.ImportedNetwork n = contents.description.network;
        if (n == null) {
            return new UnetNetwork(contents, contents.description.model, what, device);
        }
        return open(n.format, contents.entry(n.entry, what), what, device);
    }

    /** Loads network bytes of a format ({@code torchscript} or {@code onnx}). */
    static ColorNetwork open(String format, byte[] bytes, String what, Device device) {
        return ModelDescription.ImportedNetwork.ONNX.equals(format) ? new OnnxNetwork(bytes, what, device)
                : new TorchScriptNetwork(bytes, what, device);
    }
}
