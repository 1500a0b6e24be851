package org.colorizer.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/** The built-in pix2pix U-Net generator of a model file, run by DJL (convention {@code colorizer}). */
public final class UnetNetwork implements ColorNetwork {
    private final NDManager manager;
    private final Block generator;
    private final String what;

    /** Builds the generator of {@code cfg} and loads the model file's weights; {@code what} names the file. */
    public UnetNetwork(ModelFile.Contents contents, ModelConfig cfg, String what, Device device) {
        NDManager m = Engines.pytorch().newBaseManager(device);
        try {
            Block g = Networks.generator(cfg);
            Networks.initializeGenerator(g, cfg, m, 0);
            WeightCodec.load(g, WeightCodec.decode(contents.entries.get(ModelFile.GENERATOR_ENTRY), what), m, what);
            this.generator = g;
            this.manager = m;
            this.what = what;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public Tensor run(List<Tensor> inputs) {
        return DjlForward.run(manager, generator, inputs, what);
    }

    @Override
    public String kind() {
        return "built-in U-Net";
    }

    @Override
    public void close() {
        manager.close();
    }
}
