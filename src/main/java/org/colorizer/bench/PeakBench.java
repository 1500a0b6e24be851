package org.colorizer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.colorizer.engine.Engines;

/**
 * The practical compute peak of libtorch here, that later figures are compared with: a float32 matrix multiply
 * (2048^3) and a large 3x3 convolution (256 -> 256 channels, 64 x 64, batch 8).
 */
public final class PeakBench {
    private PeakBench() {}

    public static Map<String, Double> run() throws Exception {
        return Engines.call(() -> {
            Map<String, Double> m = new LinkedHashMap<>();
            try (NDManager nd = Engines.pytorch().newBaseManager()) {
                int n = 2048;
                NDArray a = nd.randomNormal(new Shape(n, n));
                NDArray b = nd.randomNormal(new Shape(n, n));
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // wait for the result
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                m.put("gemm_gflops", 2.0 * n * n * n / best / 1e9);

                Conv2d conv = Conv2d.builder().setFilters(256).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optBias(false).build();
                conv.initialize(nd, DataType.FLOAT32, new Shape(8, 256, 64, 64));
                NDArray x = nd.randomNormal(new Shape(8, 256, 64, 64));
                ParameterStore ps = new ParameterStore(nd, false);
                double bestConv = Double.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    try (NDList y = conv.forward(ps, new NDList(x), false)) {
                        y.head().getFloat(0, 0, 0, 0);
                    }
                    bestConv = Math.min(bestConv, (System.nanoTime() - t0) / 1e9);
                }
                double convFlops = 2.0 * 8 * 64 * 64 * 256 * 256 * 9;
                m.put("conv_gflops", convFlops / bestConv / 1e9);
                m.put("peak_gflops", Math.max(m.get("gemm_gflops"), m.get("conv_gflops")));
            }
            return m;
        });
    }
}
