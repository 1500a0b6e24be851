package org.colorizer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.colorizer.ColorizerException;

/**
 * Loads DJL's PyTorch engine the way this plugin needs it, whoever calls first (command line, Fiji, tests).
 *
 * <ul>
 *   <li>offline: DJL never downloads; libtorch comes from the {@code pytorch-native-cpu} jar on the class path
 *       (or from {@code PYTORCH_LIBRARY_PATH}, for a CUDA build on a server);
 *   <li>class loader: DJL finds engines and native resources through the thread's context class loader, which
 *       in Fiji is not this plugin's; {@link #call} runs code with the plugin's loader as context loader;
 *   <li>native environment: {@code OMP_WAIT_POLICY=PASSIVE} (OpenMP spin-waiting otherwise stalls every
 *       operation by milliseconds on small machines) and {@code TORCH_CPP_LOG_LEVEL=ERROR} are set in the
 *       process environment before libtorch loads; {@link TorchLogging} then applies the log level to the loaded
 *       libtorch (it reads that variable only through Python), which hides its repeated NNPACK warnings;
 *   <li>cache: the JNI library is extracted to {@code $COLORIZER_CACHE_DIR} or {@code -Dcolorizer.cache},
 *       default {@code ~/.djl.ai}.
 * </ul>
 */
public final class Engines {
    public static final String ENGINE_NAME = "PyTorch";
    /** The variable libtorch (2.1+) reads to allocate large CPU buffers on transparent huge pages. */
    public static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";
    private static Engine engine;

    private Engines() {}

    /** The PyTorch engine, loaded once per JVM. */
    public static synchronized Engine pytorch() {
        if (engine != null) {
            return engine;
        }
        LibtorchLocation.configure(); // PYTORCH_LIBRARY_PATH checked, its flavor set; fails on systems without libtorch
        configureProperties();
        configureNativeEnvironment();
        try {
            engine = call(() -> {
                Engine.registerEngine(new PtEngineProvider());
                return Engine.getEngine(ENGINE_NAME);
            });
            TorchLogging.quietWarnings();
        } catch (RuntimeException | Error e) {
            throw new ColorizerException(
                    "Could not load the PyTorch engine (" + rootMessage(e) + "). The CPU build needs the jar "
                            + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 of this system (plus pytorch-jni and "
                            + "pytorch-engine) on the class path, as in target/lib/ or Fiji's jars/. "
                            + LibtorchLocation.GPU_STEPS,
                    e);
        } catch (Exception e) {
            throw new ColorizerException("Could not load the PyTorch engine: " + rootMessage(e), e);
        }
        return engine;
    }

    /** Runs {@code task} with this plugin's class loader as the thread's context class loader. */
    public static <T> T call(Callable<T> task) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Engines.class.getClassLoader());
        try {
            return task.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs {@code task} with the plugin's context class loader, for tasks that throw no checked exception. */
    public static <T> T with(Supplier<T> task) {
        try {
            return call(task::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a device name: {@code cpu}, {@code gpu} (first GPU) or {@code gpu:N}. Asking for a GPU where
     * libtorch sees none is an error that says so (no silent CPU fallback).
     */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.equals("cuda") || n.startsWith("gpu:") || n.startsWith("cuda:")) {
            int id = 0;
            int colon = n.indexOf(':');
            if (colon >= 0) {
                try {
                    id = Integer.parseInt(n.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new ColorizerException("device: '" + name + "' is not valid; use cpu, gpu or gpu:N");
                }
            }
            int gpus = pytorch().getGpuCount();
            if (gpus == 0) {
                throw new ColorizerException("device: a GPU was asked for, but libtorch finds no CUDA GPU here. "
                        + "Use device=cpu, or install a CUDA libtorch 2.7.1 and set PYTORCH_LIBRARY_PATH.");
            }
            if (id < 0 || id >= gpus) {
                throw new ColorizerException("device: gpu:" + id + " does not exist; this machine has " + gpus
                        + " GPU(s), numbered from 0");
            }
            return Device.gpu(id);
        }
        throw new ColorizerException("device: unknown device '" + name + "'; use cpu, gpu or gpu:N");
    }

    /** The folder where DJL extracts its JNI library. */
    public static Path cacheDir() {
        String dir = System.getProperty("colorizer.cache");
        if (dir == null || dir.isEmpty()) {
            dir = System.getenv("COLORIZER_CACHE_DIR");
        }
        if (dir == null || dir.isEmpty()) {
            return null; // DJL's default, ~/.djl.ai
        }
        return Paths.get(dir);
    }

    private static void configureProperties() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        setIfAbsent("ai.djl.default_engine", ENGINE_NAME);
        Path cache = cacheDir();
        if (cache != null) {
            System.setProperty("DJL_CACHE_DIR", cache.toString());
            System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        }
        int threads = Integer.getInteger("colorizer.threads", Runtime.getRuntime().availableProcessors());
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, threads)));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void configureNativeEnvironment() {
        setNativeEnvIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        setNativeEnvIfAbsent("TORCH_CPP_LOG_LEVEL", "ERROR");
        // With it, libtorch's CPU allocator backs each buffer of 2 MB or more with transparent huge pages (Linux
        // only; read once, at its first allocation). Without it glibc maps and unmaps the large training buffers
        // (over its 32 MB mmap limit) on every step, and the kernel faults and zeroes them in 4 KB pages (figures:
        // docs/benchmarks.md). THP_MEM_ALLOC_ENABLE=0 in the user's environment turns it off.
        setNativeEnvIfAbsent(HUGE_PAGES, "1");
    }

    /** In the C library's environment, which libtorch reads (setenv; _putenv_s on Windows): see NativeEnv. */
    private static void setNativeEnvIfAbsent(String key, String value) {
        NativeEnv.setIfAbsent(key, value);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
