package org.colorizer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.colorizer.engine.Engines;
import org.colorizer.model.ForwardOptions;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.model.TorchOps;

/**
 * Reproduces the NaN/garbage gradients of the first prototype: fresh tiny generators, one L1 loss scaled by
 * lambda, garbage collection between forward and backward (as a data loader's allocations cause), and the
 * generator gradients compared with a second, clean backward pass. {@code djl} scales with {@code x.mul(100f)}
 * (DJL wraps the number in a tensor over a Java buffer that is freed while the graph still holds it);
 * {@code owned} with a torch-allocated scalar ({@link TorchOps#scalar}).
 *
 * <p>Usage: {@code NanHunt [runs=100]}; prints, per variant, the runs with non-finite and with wrong gradients.
 */
public final class NanHunt {
    private NanHunt() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        for (String variant : new String[] {"djl", "owned"}) {
            int nonFinite = 0;
            int wrong = 0;
            ModelConfig mc = new ModelConfig().optSize(32).optLevels(3).optFilters(8).optDropoutLayers(1);
            try (NDManager root = Engines.pytorch().newBaseManager()) {
                for (int r = 0; r < runs; r++) {
                    try (NDManager m = root.newSubManager()) {
                        Block g = Networks.generator(mc);
                        Networks.initialize(g, m, new Shape(1, 1, 32, 32), r);
                        NDArray l = m.randomUniform(-1, 1, new Shape(1, 1, 32, 32));
                        NDArray ab = m.randomUniform(-1, 1, new Shape(1, 2, 32, 32));
                        float[] suspect = firstGradient(g, m, l, ab, variant.equals("djl"), true);
                        float[] clean = firstGradient(g, m, l, ab, false, false);
                        boolean finite = true;
                        double worst = 0;
                        for (int i = 0; i < clean.length; i++) {
                            finite &= Float.isFinite(suspect[i]);
                            worst = Math.max(worst, Math.abs(suspect[i] - clean[i]) / (Math.abs(clean[i]) + 1e-6));
                        }
                        nonFinite += finite ? 0 : 1;
                        wrong += worst <= 1e-3 ? 0 : 1;
                    }
                }
            }
            System.out.println(variant + ": " + runs + " fresh runs, non-finite gradients in " + nonFinite
                    + ", wrong gradients in " + wrong);
        }
    }

    /** Gradient of the generator's first convolution after one backward of 100 * L1(G(l), ab). */
    private static float[] firstGradient(Block g, NDManager m, NDArray l, NDArray ab, boolean djlScalar,
            boolean collect) throws InterruptedException {
        List<Parameter> params = Networks.trainableParameters(g);
        for (Parameter p : params) {
            JniUtils.zeroGrad(TorchOps.pt(p.getArray()));
        }
        try (NDManager sm = m.newSubManager(); TorchOps.GradMode on = TorchOps.gradMode(true)) {
            l.tempAttach(sm);
            ab.tempAttach(sm);
            NDArray fake = g.forward(new ParameterStore(sm, false), new NDList(l), true, ForwardOptions.of(1L, false))
                    .singletonOrThrow();
            NDArray l1 = fake.sub(ab).abs().mean();
            NDArray loss = djlScalar ? l1.mul(100f) : l1.mul(TorchOps.scalar(sm, 100f));
            if (collect) {
                System.gc();
                Thread.sleep(2);
            }
            JniUtils.backward(TorchOps.pt(loss), TorchOps.pt(sm.ones(new Shape())), false, false);
            return params.get(0).getArray().getGradient().toFloatArray();
        }
    }
}
