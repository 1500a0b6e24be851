package org.colorizer.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
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

    /** Builds the generator of {@code cfg} and loads the model file's weights; {@code what} names the file. */
    public UnetNetwork(ModelFile.Contents contents, ModelConfig cfg, String what, Device device) {
        NDManager m = Engines.pytorch().newBaseManager(device);
        try {
            Block g = Networks.generator(cfg);
            Networks.initializeGenerator(g, cfg, m, 0);
            WeightCodec.load(g, WeightCodec.decode(contents.entries.get(ModelFile.GENERATOR_ENTRY), what), m, what);
            this.generator = g;
            this.manager = m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public Tensor run(List<Tensor> inputs) {
        Tensor in = inputs.get(0);
        return Engines.with(() -> {
            try (NDManager scope = manager.newSubManager()) {
                JniUtils.setGradMode(false); // thread-local in libtorch; threads start with it on
                NDArray x = scope.create(in.data, new Shape(in.shape));
                NDArray y = generator.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                return new Tensor(y.toType(DataType.FLOAT32, false).toFloatArray(), y.getShape().getShape());
            }
        });
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
