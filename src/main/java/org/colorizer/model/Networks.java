package org.colorizer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
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

    /**
     * The one place where a generator's parameters are allocated: a batch-1 input of {@code config}'s channels at
     * its size; {@link #initialize(Block, NDManager, Shape, long)}.
     */
    public static void initializeGenerator(Block generator, ModelConfig config, NDManager m, long seed) {
        initialize(generator, m, generatorInput(config, 1, config.getSize(), config.getSize()), seed);
    }

    /** Shape of a generator input: N x (1 + hint channels) x H x W. */
    public static Shape generatorInput(ModelConfig config, long n, long h, long w) {
        return new Shape(n, config.getGeneratorInputChannels(), h, w);
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

    /**
     * Copies every parameter of generator {@code from} into {@code to}, which must have the same architecture
     * except that {@code to} may take hints and {@code from} not: its first convolution then gets {@code from}'s
     * weights for L and zeros for the hint channels, so that without hints (all-zero hint planes) it computes
     * exactly what {@code from} computes (Zhang et al. 2017 fine-tune the same way).
     *
     * @throws IllegalArgumentException if the parameters do not correspond
     */
    public static void copyWidening(Block from, Block to) {
        PairList<String, Parameter> src = from.getParameters();
        PairList<String, Parameter> dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("generators differ: " + src.size() + " and " + dst.size()
                    + " parameters");
        }
        for (int i = 0; i < src.size(); i++) {
            NDArray a = src.valueAt(i).getArray();
            NDArray b = dst.valueAt(i).getArray();
            if (!src.keyAt(i).equals(dst.keyAt(i))) {
                throw new IllegalArgumentException("generators differ at " + src.keyAt(i) + " / " + dst.keyAt(i));
            }
            Shape sa = a.getShape();
            Shape sb = b.getShape();
            if (sa.equals(sb)) {
                TorchOps.copyInto(a.toDevice(b.getDevice(), false), b);
            } else if (i == 0 && sa.dimension() == 4 && sb.dimension() == 4 && sa.get(0) == sb.get(0)
                    && sa.get(2) == sb.get(2) && sa.get(3) == sb.get(3) && sb.get(1) > sa.get(1)) {
                try (NDManager tmp = b.getManager().newSubManager()) {
                    NDArray zeros = tmp.zeros(new Shape(sb.get(0), sb.get(1) - sa.get(1), sb.get(2), sb.get(3)));
                    NDArray w = NDArrays.concat(
                            new NDList(TorchOps.into(a.toDevice(b.getDevice(), true), tmp), zeros), 1);
                    TorchOps.copyInto(w, b);
                }
            } else {
                throw new IllegalArgumentException(src.keyAt(i) + ": shape " + sa + " does not fit " + sb);
            }
        }
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
