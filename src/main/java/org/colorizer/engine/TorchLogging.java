package org.colorizer.engine;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Locale;

/**
 * libtorch's C++ log level. libtorch writes warnings such as "Could not initialize NNPACK! Reason: Unsupported
 * hardware." (again each time a small convolution asks for NNPACK, on CPUs that NNPACK does not know)
 * straight to file descriptor 2. {@code TORCH_CPP_LOG_LEVEL} would hide them, but only {@code c10::initLogging()}
 * reads it, which the Python bindings call and libtorch alone never does. So, once libtorch is loaded, this
 * sets the flag that the variable would set, {@code FLAGS_caffe2_log_level} (a data symbol of
 * {@code libc10.so}): to ERROR, or to the level that {@code TORCH_CPP_LOG_LEVEL} names where it is set, read
 * as c10 reads it (so a user's {@code TORCH_CPP_LOG_LEVEL=INFO} shows everything). The variable cannot be
 * ignored as "the user's choice" when set: {@link Engines} sets it natively (ERROR) and child processes, such
 * as the command line started by tests or by {@code bench}, inherit it. A value c10 would not accept leaves the
 * level alone.
 *
 * <p>Where the library or the symbol is not found (another platform, another libtorch build), nothing happens:
 * this only ever hides warnings and must never stop a run.
 */
final class TorchLogging {
    static final String ENV = "TORCH_CPP_LOG_LEVEL";
    static final String FLAG = "FLAGS_caffe2_log_level";
    /** c10's levels: 0 INFO, 1 WARNING (its default), 2 ERROR, 3 FATAL. */
    static final int ERROR = 2;
    /** dlopen flags RTLD_LAZY | RTLD_NOLOAD (Linux): find the copy already loaded, never load another. */
    private static final int RTLD_LAZY_NOLOAD = 0x1 | 0x4;

    private TorchLogging() {}

    /**
     * Sets libtorch's C++ log level to ERROR, or to the one {@code TORCH_CPP_LOG_LEVEL} names; call after
     * libtorch is loaded. Never throws.
     *
     * @return whether the level was set
     */
    static boolean quietWarnings() {
        Integer level = levelFor(System.getenv(ENV));
        return level != null && setLevel(level);
    }

    /**
     * The level for a value of {@code TORCH_CPP_LOG_LEVEL} as c10 reads it (0-3 or INFO, WARNING, ERROR, FATAL,
     * in any case); ERROR where it is not set or empty; null (leave the level alone) for anything else.
     */
    static Integer levelFor(String env) {
        if (env == null || env.isEmpty()) {
            return ERROR;
        }
        String[] names = {"INFO", "WARNING", "ERROR", "FATAL"};
        String v = env.toUpperCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            if (v.equals(names[i]) || v.equals(Integer.toString(i))) {
                return i;
            }
        }
        return null;
    }

    /** The current value of {@code FLAGS_caffe2_log_level}, or null where it cannot be reached. */
    static Integer level() {
        try {
            NativeLibrary c10 = loadedC10();
            return c10 == null ? null : c10.getGlobalVariableAddress(FLAG).getInt(0);
        } catch (Throwable t) { // NOPMD: not reachable here (see the class comment)
            return null;
        }
    }

    private static boolean setLevel(int level) {
        try {
            NativeLibrary c10 = loadedC10();
            if (c10 == null) {
                return false;
            }
            c10.getGlobalVariableAddress(FLAG).setInt(0, level);
            return true;
        } catch (Throwable t) { // NOPMD: UnsatisfiedLinkError (no such symbol) and the like: keep the warnings
            return false;
        }
    }

    /** The libc10 that this process has loaded (DJL loads it from its cache or PYTORCH_LIBRARY_PATH), or null. */
    private static NativeLibrary loadedC10() {
        Path path = loadedLibraryPath("libc10.so");
        if (path == null) {
            return null;
        }
        return NativeLibrary.getInstance(path.toString(),
                Collections.singletonMap(Library.OPTION_OPEN_FLAGS, RTLD_LAZY_NOLOAD));
    }

    /** The path of a loaded shared library with this file name, from /proc/self/maps (Linux), or null. */
    static Path loadedLibraryPath(String fileName) {
        try {
            Path maps = Paths.get("/proc/self/maps");
            if (!Files.isReadable(maps)) {
                return null;
            }
            // lines: address perms offset dev inode [path]
            for (String line : new String(Files.readAllBytes(maps), StandardCharsets.UTF_8).split("\n")) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.endsWith("/" + fileName)) {
                    return Paths.get(line.substring(slash));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unreadable map: no path
        }
        return null;
    }
}
