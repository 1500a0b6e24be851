package org.colorizer.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.colorizer.Version;
import org.colorizer.engine.Engines;
import org.colorizer.engine.LibtorchLocation;
import org.colorizer.engine.NativeEnv;
import org.colorizer.interop.OnnxRuntimeInfo;
import org.colorizer.model.ConvCheck;
import org.colorizer.modelfile.BuiltinModels;

/**
 * What a bug report needs to know about this machine and this installation: plugin version and built-in models,
 * Java, operating system, CPU (model, instruction sets, threads), libtorch (version, flavor, folder), GPUs, the
 * environment variables that change libtorch's behaviour, the convolution check and ONNX Runtime. Used by the command line's
 * {@code doctor} and Fiji's Plugins > Colorization > About / System Report. Loads the engine; a failure to load is
 * reported, not thrown.
 */
public final class SystemReport {
    /** Instruction-set flags that decide which kernels libtorch and oneDNN use. */
    static final List<String> ISA_FLAGS = Collections.unmodifiableList(Arrays.asList("sse4_2", "avx", "avx2", "fma",
            "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16",
            "amx_tile", "amx_bf16", "amx_int8", "asimd", "sve"));
    /** Environment variables shown by name; those starting with these prefixes are shown too. */
    static final List<String> ENV_NAMES = Collections.unmodifiableList(Arrays.asList(LibtorchLocation.LIBRARY_PATH,
            LibtorchLocation.FLAVOR, "PYTORCH_VERSION", "TORCH_CPP_LOG_LEVEL", Engines.HUGE_PAGES, "ATEN_CPU_CAPABILITY",
            "CUDA_VISIBLE_DEVICES", "COLORIZER_CACHE_DIR", "LD_LIBRARY_PATH"));
    static final List<String> ENV_PREFIXES = Collections.unmodifiableList(Arrays.asList("OMP_", "ONEDNN_", "DNNL_",
            "MKL_", "KMP_", "GOMP_"));
    /** The convolution check's line until it is wired in. */
    static final String CONV_NOT_RUN = "(not run)";

    private final List<String> lines = new ArrayList<>();
    private boolean engineLoaded;

    private SystemReport() {}

    /** Makes the report (loads the engine if it is not loaded yet). */
    public static SystemReport create() {
        SystemReport r = new SystemReport();
        r.collect();
        return r;
    }

    /** Whether libtorch loaded; false means the report's engine line says why not. */
    public boolean engineLoaded() {
        return engineLoaded;
    }

    /** The report, one "name: value" a line. */
    public String text() {
        return String.join("\n", lines) + "\n";
    }

    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    private void add(String name, String value) {
        lines.add(name + ": " + value);
    }

    private void collect() {
        lines.add("Colorizer system report");
        add("plugin", "colorizer " + Version.get());
        List<String> models = new ArrayList<>();
        for (String name : BuiltinModels.names()) {
            models.add(name + (BuiltinModels.available(name) ? "" : " (missing from this build)"));
        }
        add("built-in models", String.join(", ", models));
        add("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        add("java home", System.getProperty("java.home"));
        add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        Cpu cpu = Cpu.read();
        add("cpu", cpu.model);
        add("cpu flags", cpu.flags);
        add("processors", Runtime.getRuntime().availableProcessors() + " available to Java");
        add("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");

        Engine engine = null;
        try {
            engine = Engines.pytorch();
            engineLoaded = true;
        } catch (RuntimeException | Error e) {
            add("engine", "FAILED: " + e.getMessage());
        }
        LibtorchLocation.Choice choice = LibtorchLocation.last();
        if (engine != null) {
            add("libtorch", engine.getVersion());
            add("libtorch flavor", choice == null ? "?" : choice.flavor + " (" + choice.reason + ")");
            add("libtorch from", quietly(LibUtils::getLibtorchPath));
            add("torch threads", quietly(() -> JniUtils.getNumThreads() + " intra-op, "
                    + JniUtils.getNumInteropThreads() + " inter-op"));
            add("gpus", gpus(engine));
        }
        add("conv check", engine == null ? CONV_NOT_RUN : convCheck());
        add("onnx runtime", OnnxRuntimeInfo.describe());
        Path cache = Engines.cacheDir();
        add("cache", cache != null ? cache.toString() : "DJL's default (~/.djl.ai)");
        for (Map.Entry<String, String> e : environment().entrySet()) {
            add("env " + e.getKey(), e.getValue());
        }
    }

    /** The convolution known-answer check at the built-in model's training shapes: ok, fixed or failed. */
    static String convCheck() {
        try {
            return ConvCheck.standard().detail();
        } catch (RuntimeException e) {
            return "failed (" + e.getMessage() + ")";
        }
    }

    private static String gpus(Engine engine) {
        int count = engine.getGpuCount();
        if (count == 0) {
            return "none (" + (quietly(CudaUtils::hasCuda).equals("true") ? "CUDA found, no GPU"
                    : "no CUDA runtime found") + ")";
        }
        StringBuilder s = new StringBuilder(Integer.toString(count));
        for (int i = 0; i < count; i++) {
            int id = i;
            s.append("; gpu:").append(i).append(" compute capability ")
                    .append(quietly(() -> CudaUtils.getComputeCapability(id)));
            String memory = quietly(() -> {
                MemoryUsage m = CudaUtils.getGpuMemory(Device.gpu(id));
                return m.getMax() / (1024 * 1024) + " MB";
            });
            s.append(", ").append(memory);
        }
        return s.toString();
    }

    /** The variables that matter, as native code sees them; "(set by the plugin)" where the JVM's copy lacks it. */
    static Map<String, String> environment() {
        TreeMap<String, String> names = new TreeMap<>();
        for (String name : ENV_NAMES) {
            names.put(name, null);
        }
        names.put("OMP_WAIT_POLICY", null);
        names.put("OMP_NUM_THREADS", null);
        for (String name : System.getenv().keySet()) {
            if (ENV_PREFIXES.stream().anyMatch(name::startsWith)) {
                names.put(name, null);
            }
        }
        Map<String, String> result = new TreeMap<>();
        for (String name : names.keySet()) {
            String jvm = System.getenv(name);
            String nativeValue = NativeEnv.get(name);
            String property = System.getProperty(name);
            String value = nativeValue != null ? nativeValue : jvm;
            String shown = value == null ? "(unset)" : value + (jvm == null ? " (set by the plugin)" : "");
            if (property != null && !property.equals(value)) {
                shown += "; system property " + property;
            }
            result.put(name, shown);
        }
        return result;
    }

    /** CPU model and the instruction-set flags of {@link #ISA_FLAGS} it has. */
    static final class Cpu {
        final String model;
        final String flags;

        Cpu(String model, String flags) {
            this.model = model;
            this.flags = flags;
        }

        static Cpu read() {
            Path cpuinfo = Paths.get("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                try {
                    return parse(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    // fall through
                }
            }
            String identifier = System.getenv("PROCESSOR_IDENTIFIER"); // Windows
            return new Cpu(identifier != null ? identifier : "(not known here: no /proc/cpuinfo)",
                    "(not known here)");
        }

        /** From /proc/cpuinfo's lines: the first "model name" and "flags" (x86) or "Features" (ARM). */
        static Cpu parse(List<String> cpuinfo) {
            String model = null;
            String flags = null;
            for (String line : cpuinfo) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (model == null && (key.equals("model name") || key.equals("hardware"))) {
                    model = value;
                } else if (flags == null && (key.equals("flags") || key.equals("features"))) {
                    flags = value;
                }
            }
            List<String> present = new ArrayList<>();
            if (flags != null) {
                List<String> all = Arrays.asList(flags.split("\\s+"));
                for (String flag : ISA_FLAGS) {
                    if (all.contains(flag)) {
                        present.add(flag);
                    }
                }
            }
            return new Cpu(model != null ? model : "(unknown model)",
                    flags == null ? "(not listed)" : present.isEmpty() ? "(none of " + ISA_FLAGS + ")"
                            : String.join(" ", present));
        }
    }

    private interface Value {
        Object get() throws Exception;
    }

    private static String quietly(Value value) {
        try {
            return String.valueOf(value.get());
        } catch (Exception | Error e) {
            return "(unknown: " + e.getClass().getSimpleName() + ")";
        }
    }
}
