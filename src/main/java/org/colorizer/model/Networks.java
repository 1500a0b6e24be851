package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds and initializes the colorizer's networks (pix2pix U-Net generator and PatchGAN discriminator). */
public final class Networks {

    private Networks() {}

    /** U-Net: N x 1 x H x W (L/50 - 1) to N x 2 x H x W (ab/110), tanh. */
    public static Block generator(ModelConfig c) {
        c.validate();
        return new UnetGenerator(c);
    }

    /** PatchGAN: N x 3 x H x W (L, a, b) to N x 1 x h x w logits. */
    public static Block discriminator(ModelConfig c) {
        c.validate();
        return new PatchDiscriminator(c);
    }

    /** {@link #initialize(Block, NDManager, Shape, long)} with a random seed. */
    public static void initialize(Block b, NDManager m, Shape inputShape) {
        initialize(b, m, inputShape, new Random().nextLong());
    }

    /**
     * Allocates the parameters of a fresh block in {@code m} and initializes them as pix2pix's {@code init_weights}
     * ('normal', gain 0.02): convolution weights N(0, 0.02), BatchNorm gamma N(1, 0.02), biases and beta 0,
     * running mean 0 and variance 1. Values come from a Java RNG seeded with {@code seed} and each parameter's name,
     * so they are reproducible and independent of PyTorch's global RNG.
     */
    public static void initialize(Block b, NDManager m, Shape inputShape, long seed) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            p.getValue().setInitializer(initializer(p.getValue().getType(), ForwardOptions.mix(seed, p.getKey().hashCode())));
        }
        b.initialize(m, DataType.FLOAT32, inputShape);
    }

    private static Initializer initializer(Parameter.Type type, long seed) {
        switch (type) {
            case WEIGHT:
                return normal(0, 0.02, seed);
            case GAMMA:
                return normal(1, 0.02, seed);
            case RUNNING_VAR:
                return (manager, shape, dataType) -> manager.ones(shape, dataType);
            default:
                return (manager, shape, dataType) -> manager.zeros(shape, dataType);
        }
    }

    private static Initializer normal(double mean, double std, long seed) {
        return (manager, shape, dataType) -> {
            Random r = new Random(seed);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (mean + std * r.nextGaussian());
            }
            try (NDArray javaBacked = manager.create(v, shape)) {
                return javaBacked.duplicate(); // torch-owned memory (see TorchOps)
            }
        };
    }

    /** Number of trainable values (as PyTorch's {@code sum(p.numel() for p in net.parameters())}: no running statistics). */
    public static long parameterCount(Block b) {
        long n = 0;
        for (Parameter p : trainableParameters(b)) {
            n += p.getShape().size();
        }
        return n;
    }

    /** Parameters that receive gradients, in block order. */
    public static List<Parameter> trainableParameters(Block b) {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                list.add(p.getValue());
            }
        }
        return list;
    }

    /**
     * All parameter values of {@code b} in block order, transposed-convolution weights converted to PyTorch's
     * ConvTranspose2d layout (in, out, 4, 4) (see {@link TransposedConv}); new arrays attached to {@code b}'s
     * parameter manager, for the caller to close.
     */
    public static List<NDArray> torchLayoutParameters(Block b) {
        List<NDArray> list = new ArrayList<>();
        if (b instanceof TransposedConv) {
            for (Pair<String, Parameter> p : b.getDirectParameters()) {
                NDArray a = p.getValue().getArray();
                list.add(p.getKey().equals("weight") ? TransposedConv.toTorchLayout(a) : a.duplicate());
            }
            return list;
        }
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            list.add(p.getValue().getArray().duplicate());
        }
        for (Pair<String, Block> c : b.getChildren()) {
            list.addAll(torchLayoutParameters(c.getValue()));
        }
        return list;
    }

    /** Chooses how transposed convolutions in {@code b} are computed (for benchmarks; results are the same). */
    public static void setTransposedMethod(Block b, TransposedConv.Method method) {
        if (b instanceof TransposedConv) {
            ((TransposedConv) b).setMethod(method);
        }
        for (Pair<String, Block> c : b.getChildren()) {
            setTransposedMethod(c.getValue(), method);
        }
    }
}
