package org.colorizer.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.colorizer.engine.Engines;
import org.junit.jupiter.api.Test;

/** The transposed convolution built from ordinary convolutions against a direct loop implementation. */
class TransposedConvTest {
    private static final int N = 2, CIN = 3, COUT = 5, H = 4, W = 6;

    /** out[n,co,2i-1+k,2j-1+l] += x[n,ci,i,j] * w[ci,co,k,l] (PyTorch ConvTranspose2d, k 4, s 2, p 1). */
    static float[] direct(float[] x, float[] w, float[] b) {
        int ho = 2 * H, wo = 2 * W;
        float[] out = new float[N * COUT * ho * wo];
        for (int n = 0; n < N; n++) {
            for (int co = 0; co < COUT; co++) {
                for (int y = 0; y < ho; y++) {
                    for (int xx = 0; xx < wo; xx++) {
                        out[((n * COUT + co) * ho + y) * wo + xx] = b == null ? 0 : b[co];
                    }
                }
                for (int ci = 0; ci < CIN; ci++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            float v = x[((n * CIN + ci) * H + i) * W + j];
                            for (int k = 0; k < 4; k++) {
                                int y = 2 * i - 1 + k;
                                for (int l = 0; l < 4; l++) {
                                    int xx = 2 * j - 1 + l;
                                    if (y >= 0 && y < ho && xx >= 0 && xx < wo) {
                                        out[((n * COUT + co) * ho + y) * wo + xx] += v * w[((ci * COUT + co) * 4 + k) * 4 + l];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Adjoint: dx[n,ci,i,j] = sum g[n,co,2i-1+k,2j-1+l] w[ci,co,k,l]; dw[ci,co,k,l] = sum x[n,ci,i,j] g[...]. */
    static float[][] adjoint(float[] x, float[] w, float[] g) {
        int ho = 2 * H, wo = 2 * W;
        float[] dx = new float[x.length];
        float[] dw = new float[w.length];
        for (int n = 0; n < N; n++) {
            for (int ci = 0; ci < CIN; ci++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        int xi = ((n * CIN + ci) * H + i) * W + j;
                        for (int co = 0; co < COUT; co++) {
                            for (int k = 0; k < 4; k++) {
                                int y = 2 * i - 1 + k;
                                for (int l = 0; l < 4; l++) {
                                    int xx = 2 * j - 1 + l;
                                    if (y >= 0 && y < ho && xx >= 0 && xx < wo) {
                                        float gv = g[((n * COUT + co) * ho + y) * wo + xx];
                                        int wi = ((ci * COUT + co) * 4 + k) * 4 + l;
                                        dx[xi] += gv * w[wi];
                                        dw[wi] += gv * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new float[][] {dx, dw};
    }

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void forwardAndGradientsMatchDirectComputation() {
        Random r = new Random(7);
        float[] x = random(r, N * CIN * H * W);
        float[] w = random(r, CIN * COUT * 16);
        float[] b = random(r, COUT);
        float[] g = random(r, N * COUT * 4 * H * W);
        float[] expected = direct(x, w, b);
        float[][] expectedGrad = adjoint(x, w, g);
        for (TransposedConv.Method method : TransposedConv.Method.values()) {
            for (boolean withBias : new boolean[] {true, false}) {
                try (NDManager m = Engines.pytorch().newBaseManager();
                        TorchOps.GradMode mode = TorchOps.gradMode(true)) {
                    TransposedConv block = new TransposedConv(CIN, COUT, withBias);
                    block.setMethod(method);
                    block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(N, CIN, H, W));
                    NDArray wArr = block.getParameters().get("weight").getArray();
                    NDArray torchW = m.create(w, new Shape(CIN, COUT, 4, 4));
                    TorchOps.copyInto(TransposedConv.fromTorchLayout(torchW), wArr);
                    assertTrue(TransposedConv.toTorchLayout(wArr).contentEquals(torchW), "layout round trip");
                    if (withBias) {
                        TorchOps.copyInto(m.create(b), block.getParameters().get("bias").getArray());
                    }
                    NDArray xa = m.create(x, new Shape(N, CIN, H, W)).duplicate();
                    xa.setRequiresGradient(true);
                    NDArray out = block.forward(new ParameterStore(m, false), new NDList(xa), true)
                            .singletonOrThrow();
                    assertEquals(new Shape(N, COUT, 2 * H, 2 * W), out.getShape());
                    float[] want = withBias ? expected : direct(x, w, null);
                    assertArrayEquals(want, out.toFloatArray(), 1e-4f, method + " forward");
                    NDArray ga = m.create(g, out.getShape());
                    NDArray loss = out.mul(ga).sum();
                    JniUtils.backward((PtNDArray) loss, (PtNDArray) m.ones(new Shape()), false, false);
                    assertArrayEquals(expectedGrad[0], xa.getGradient().toFloatArray(), 1e-4f, method + " dx");
                    NDArray dw = TransposedConv.toTorchLayout(wArr.getGradient());
                    assertArrayEquals(expectedGrad[1], dw.toFloatArray(), 1e-3f, method + " dw");
                }
            }
        }
    }

    @Test
    void nearestResizeThenConvolution() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            ResizeConv block = new ResizeConv(2, 3, false);
            Networks.initialize(block, m, new Shape(1, 2, 3, 3), 1);
            NDArray x = m.arange(18f).reshape(1, 2, 3, 3);
            NDArray up;
            try (TorchOps.GradMode mode = TorchOps.gradMode(false)) {
                up = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            }
            assertEquals(new Shape(1, 3, 6, 6), up.getShape());
            // same as nearest 2x by repetition, then a 3x3 convolution with padding 1
            NDArray rep = x.repeat(2, 2).repeat(3, 2);
            NDArray w = block.getParameters().valueAt(0).getArray();
            NDArray want = Conv.conv(rep, w, null, 1, 1);
            assertArrayEquals(want.toFloatArray(), up.toFloatArray(), 1e-5f);
        }
    }
}
