package org.colorizer.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.engine.LibtorchLocation;

/** A TorchScript network (saved by {@code torch.jit.save}), run by libtorch through DJL's PyTorch engine. */
public final class TorchScriptNetwork implements ColorNetwork {
    private final NDManager manager;
    private final PtSymbolBlock module;
    private final String what;

    /** Loads TorchScript bytes; {@code what} names their source in errors. */
    public TorchScriptNetwork(byte[] bytes, String what, Device device) {
        this.what = what;
        NDManager m = Engines.pytorch().newBaseManager(device);
        try {
            this.module = Engines.with(() -> {
                try {
                    return JniUtils.loadModule((PtNDManager) m, new ByteArrayInputStream(bytes), true, false);
                } catch (IOException | RuntimeException e) {
                    throw new ColorizerException(what + " is not a TorchScript network libtorch "
                            + LibtorchLocation.VERSION + " can read (" + NetworkErrors.firstLine(e) + "). Save it with "
                            + "torch.jit.script or torch.jit.trace and torch.jit.save (PyTorch 1.13 or newer)");
                }
            });
            this.manager = m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public Tensor run(List<Tensor> inputs) {
        return DjlForward.run(manager, module, inputs, what);
    }

    @Override
    public String kind() {
        return "TorchScript";
    }

    @Override
    public void close() {
        manager.close();
    }
}
