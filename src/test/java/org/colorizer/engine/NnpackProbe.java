package org.colorizer.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Run by {@link TorchLoggingTest} in a child JVM, whose standard error the test reads: libtorch writes its
 * warnings to file descriptor 2 from native code, where {@code System.setErr} does not see them. Loads the engine
 * as every command does, then runs the convolutions that make libtorch 2.7.1 ask for NNPACK (batch 1, with and
 * without gradient; each asks again and, where NNPACK does not support the CPU, warns again). Prints
 * {@code level=N} (libtorch's C++ log level after loading, or {@code level=null}) on standard output.
 */
public final class NnpackProbe {
    private NnpackProbe() {}

    public static void main(String[] args) {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            for (boolean grad : new boolean[] {false, true}) {
                PtNDArray x = (PtNDArray) m.randomUniform(-1, 1, new Shape(1, 3, 8, 8));
                PtNDArray w = (PtNDArray) m.randomUniform(-1, 1, new Shape(5, 3, 3, 3));
                x.setRequiresGradient(grad);
                PtNDArray y = JniUtils.convolution(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1);
                y.getFloat(0, 0, 0, 0);
            }
        }
        System.out.println("level=" + TorchLogging.level());
    }
}
