package org.colorizer.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.engine.Engines;
import org.junit.jupiter.api.Test;

class TorchOpsTest {

    @Test
    void graphConstantsSurviveGarbageCollection() throws Exception {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            for (int run = 0; run < 20; run++) {
                NDArray x = m.ones(new Shape(4));
                x.setRequiresGradient(true);
                NDArray loss;
                try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
                    loss = x.mul(TorchOps.scalar(m, 3f)).sum(); // the scalar is saved for the backward pass
                    // collect garbage and hand freed native memory out again, filled with NaN
                    System.gc();
                    Thread.sleep(2);
                    List<ByteBuffer> junk = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                        b.putFloat(0, Float.NaN);
                        junk.add(b);
                    }
                    JniUtils.backward(TorchOps.pt(loss), TorchOps.pt(m.ones(new Shape())), false, false);
                }
                assertArrayEquals(new float[] {3, 3, 3, 3}, x.getGradient().toFloatArray(), 0f, "run " + run);
            }
        }
    }

    @Test
    void copyIntoWritesTheExistingStorage() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray dst = m.zeros(new Shape(2, 3));
            NDArray view = dst.reshape(6); // shares dst's storage
            TorchOps.copyInto(m.arange(6f).reshape(2, 3), dst);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, view.toFloatArray(), 0f);
            NDArray s = m.zeros(new Shape());
            TorchOps.copyInto(m.full(new Shape(), 7f), s);
            assertEquals(7f, s.getFloat());
            NDArray nan = m.full(new Shape(3), Float.NaN);
            TorchOps.copyInto(m.ones(new Shape(3)), nan);
            assertArrayEquals(new float[] {1, 1, 1}, nan.toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> TorchOps.copyInto(m.ones(new Shape(2)), dst));
        }
    }
}
