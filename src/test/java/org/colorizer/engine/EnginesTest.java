package org.colorizer.engine;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.engine.Engine;
import java.net.URL;
import java.net.URLClassLoader;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void loadsOfflineUnderForeignContextClassLoaderAndComputes() throws Exception {
        // Fiji's case: the context class loader knows nothing of DJL or its engines.
        ClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(foreign);
        try {
            Engine engine = Engines.pytorch();
            assertEquals("PyTorch", engine.getEngineName());
            assertEquals("true", System.getProperty("ai.djl.offline"));
            try (NDManager m = engine.newBaseManager(Device.cpu())) {
                NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
                float[] p = a.matMul(a).toFloatArray();
                assertArrayEquals(new float[] {7, 10, 15, 22}, p, 0f);
            }
            assertSame(foreign, t.getContextClassLoader(), "context class loader is restored");
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Test
    void nativeEnvironmentIsSetBeforeLibtorchLoads() {
        Engines.pytorch();
        com.sun.jna.Function getenv = com.sun.jna.NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME)
                .getFunction("getenv");
        String omp = (String) getenv.invoke(String.class, new Object[] {"OMP_WAIT_POLICY"});
        String log = (String) getenv.invoke(String.class, new Object[] {"TORCH_CPP_LOG_LEVEL"});
        // what the user set wins; otherwise the project's values are in the process environment
        assertEquals(System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"), omp);
        assertEquals(System.getenv().getOrDefault("TORCH_CPP_LOG_LEVEL", "ERROR"), log);
        String huge = (String) getenv.invoke(String.class, new Object[] {Engines.HUGE_PAGES});
        assertEquals(System.getenv().getOrDefault(Engines.HUGE_PAGES, "1"), huge);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
                System.getProperty("ai.djl.pytorch.num_threads"));
    }

    @Test
    void deviceNames() {
        assertEquals(Device.cpu(), Engines.device("cpu"));
        assertEquals(Device.cpu(), Engines.device(" CPU "));
        ColorizerException e = assertThrows(ColorizerException.class, () -> Engines.device("tpu"));
        assertTrue(e.getMessage().contains("tpu"));
        // No GPU on the test machines: a clear refusal, not a crash. Where a GPU exists, gpu must resolve.
        if (Engines.pytorch().getGpuCount() == 0) {
            ColorizerException g = assertThrows(ColorizerException.class, () -> Engines.device("gpu"));
            assertTrue(g.getMessage().contains("no CUDA GPU"));
        } else {
            assertEquals(Device.gpu(0), Engines.device("gpu"));
        }
    }
}
