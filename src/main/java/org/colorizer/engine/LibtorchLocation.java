package org.colorizer.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.colorizer.ColorizerException;

/**
 * Where libtorch comes from, decided before DJL loads it: the {@code pytorch-native-cpu} jar of this system on the
 * class path (the default), or a folder named by {@code PYTORCH_LIBRARY_PATH} (a CUDA build on a GPU server).
 *
 * <p>DJL 0.36 ({@code ai.djl.pytorch.jni.LibUtils}) reads {@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR} and
 * {@code PYTORCH_VERSION} from the environment first, then from Java system properties. With a library folder and no
 * flavor it guesses {@code cpu-precxx11} (Linux, no GPU) or {@code cu<version>-precxx11}, which are not folders of the
 * JNI jar {@code pytorch-jni-2.7.1-0.36.0} (it has {@code cpu} and {@code cu128}), so loading fails with "Resource not
 * found in classpath". {@link #configure()} therefore picks the flavor from the folder ({@code libtorch_cuda}
 * there: {@value #CUDA}, else {@value #CPU}) and sets it as a system property, unless the user set it. It checks
 * the folder first and fails with the working steps, and fails with a clear message on systems that have no
 * libtorch 2.7.1 build (Intel Macs).
 */
public final class LibtorchLocation {
    public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    public static final String FLAVOR = "PYTORCH_FLAVOR";
    public static final String VERSION = "2.7.1";
    public static final String CPU = "cpu";
    /** The only CUDA flavor whose JNI library {@code pytorch-jni-2.7.1-0.36.0} carries (CUDA 12.8). */
    public static final String CUDA = "cu128";

    /** Steps that make a GPU server work; part of every message about the library folder. */
    public static final String GPU_STEPS = "To use a CUDA GPU: (1) install libtorch " + VERSION + " for CUDA 12.8, "
            + "either 'pip install torch==" + VERSION + " --index-url https://download.pytorch.org/whl/cu128' (its "
            + "torch/lib folder, used where pip put it) or the official libtorch " + VERSION + " cu128 zip (its "
            + "libtorch/lib folder); (2) an NVIDIA driver for CUDA 12.8 (R570 or newer) and glibc 2.29 or newer; "
            + "(3) set PYTORCH_LIBRARY_PATH to that lib folder (for Fiji: before starting it, or "
            + "-DPYTORCH_LIBRARY_PATH=... among its Java options). Unset PYTORCH_LIBRARY_PATH to use the built-in CPU "
            + "build.";

    /** Operating systems, for the names of native libraries and the builds that exist. */
    public enum Os {
        LINUX("lib", ".so"), MAC("lib", ".dylib"), WINDOWS("", ".dll"), OTHER("lib", ".so");

        private final String prefix;
        private final String suffix;

        Os(String prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
        }

        /** The file name of a native library: {@code torch} gives libtorch.so, libtorch.dylib or torch.dll. */
        public String library(String name) {
            return prefix + name + suffix;
        }

        public static Os of(String osName) {
            String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            return n.startsWith("linux") ? LINUX : n.startsWith("mac") || n.startsWith("darwin") ? MAC
                    : n.startsWith("windows") ? WINDOWS : OTHER;
        }

        public static Os current() {
            return of(System.getProperty("os.name"));
        }
    }

    /** What {@link #decide} found. */
    public static final class Choice {
        /** The libtorch folder, or null: the {@code pytorch-native-cpu} jar on the class path. */
        public final Path folder;
        /** The flavor DJL will use for the JNI library ({@value #CPU} or {@value #CUDA}; the user's if set). */
        public final String flavor;
        /** Whether {@link #configure} must set {@code PYTORCH_FLAVOR} (the user did not). */
        public final boolean setFlavor;
        /** How the flavor was chosen, for the system report. */
        public final String reason;

        Choice(Path folder, String flavor, boolean setFlavor, String reason) {
            this.folder = folder;
            this.flavor = flavor;
            this.setFlavor = setFlavor;
            this.reason = reason;
        }

        @Override
        public String toString() {
            return (folder == null ? "class path (pytorch-native-cpu jar)" : folder.toString()) + ", flavor "
                    + flavor + " (" + reason + ")";
        }
    }

    private static Choice last;

    private LibtorchLocation() {}

    /**
     * Decides for this process and sets {@code PYTORCH_FLAVOR} as a system property where needed (DJL reads it when
     * the environment has none; the native environment is not touched). Call before DJL loads libtorch.
     *
     * @throws ColorizerException with the steps that work, if the folder is wrong or this system has no libtorch
     */
    public static synchronized Choice configure() {
        Choice choice = decide(System::getenv, System::getProperty, Os.current(), System.getProperty("os.arch"),
                LibtorchLocation.class.getResource("/native/lib/pytorch.properties") != null);
        if (choice.setFlavor) {
            System.setProperty(FLAVOR, choice.flavor);
        }
        last = choice;
        return choice;
    }

    /** The last choice of {@link #configure}, or null before the engine was set up. */
    public static synchronized Choice last() {
        return last;
    }

    /**
     * The decision, from lookups of the environment and the system properties (DJL's order: environment first).
     *
     * @param nativeJarPresent whether a {@code pytorch-native-cpu} jar is on the class path
     */
    static Choice decide(UnaryOperator<String> env, UnaryOperator<String> properties, Os os, String arch,
            boolean nativeJarPresent) {
        String path = firstNonEmpty(env.apply(LIBRARY_PATH), properties.apply(LIBRARY_PATH));
        String userFlavor = firstNonEmpty(env.apply(FLAVOR), properties.apply(FLAVOR));
        String classifier = classifier(os, arch);
        if (path == null) {
            String missing = builtinProblem(os, arch, classifier, nativeJarPresent);
            if (missing != null) {
                throw new ColorizerException(missing);
            }
            return new Choice(null, userFlavor != null ? userFlavor : CPU, false,
                    userFlavor != null ? "PYTORCH_FLAVOR set by the user" : "the built-in CPU build");
        }
        if (!hasJni(classifier)) {
            throw new ColorizerException("PYTORCH_LIBRARY_PATH is set, but DJL 0.36 has no JNI library for "
                    + classifier + " (it has linux-x86_64, linux-aarch64, osx-aarch64 and win-x86_64), so libtorch "
                    + "cannot be used on this system.");
        }
        Path folder = folderOf(path, os);
        String version = versionNote(folder);
        if (version != null && !version.startsWith(VERSION)) {
            throw new ColorizerException("PYTORCH_LIBRARY_PATH: " + folder + " holds libtorch " + version
                    + ", this plugin needs " + VERSION + ". " + GPU_STEPS);
        }
        if (userFlavor != null) {
            return new Choice(folder, userFlavor, false, "PYTORCH_FLAVOR set by the user");
        }
        boolean cuda = Files.isRegularFile(folder.resolve(os.library("torch_cuda")));
        return new Choice(folder, cuda ? CUDA : CPU, true, cuda ? os.library("torch_cuda") + " in the folder"
                : "no " + os.library("torch_cuda") + " in the folder");
    }

    /**
     * The folder DJL will load libtorch from, found as DJL finds it (the first entry of the path list that is
     * libtorch itself or holds it), and checked to hold c10 as well. Fails with the steps that work.
     */
    static Path folderOf(String pathList, Os os) {
        String torch = os.library("torch");
        String c10 = os.library("c10");
        List<String> problems = new ArrayList<>();
        for (String entry : pathList.split(File.pathSeparator)) {
            if (entry.trim().isEmpty()) {
                continue;
            }
            Path p;
            try {
                p = Paths.get(entry);
            } catch (InvalidPathException e) {
                problems.add("'" + entry + "' is not a valid path");
                continue;
            }
            Path folder;
            if (Files.isRegularFile(p) && p.getFileName().toString().equals(torch)) {
                folder = p.toAbsolutePath().getParent();
            } else if (Files.isDirectory(p)) {
                if (!Files.isRegularFile(p.resolve(torch))) {
                    problems.add(p + " holds no " + torch + " (give the lib folder of libtorch, e.g. "
                            + p.resolve("lib") + ")");
                    continue;
                }
                folder = p.toAbsolutePath();
            } else if (Files.exists(p)) {
                problems.add(p + " is neither a folder nor " + torch);
                continue;
            } else {
                problems.add(p + " does not exist");
                continue;
            }
            if (!Files.isRegularFile(folder.resolve(c10))) {
                throw new ColorizerException("PYTORCH_LIBRARY_PATH: " + folder + " holds " + torch + " but no "
                        + c10 + ": an incomplete copy of libtorch. " + GPU_STEPS);
            }
            return folder;
        }
        throw new ColorizerException("PYTORCH_LIBRARY_PATH='" + pathList + "' names no libtorch folder: "
                + (problems.isEmpty() ? "it is empty" : String.join("; ", problems)) + ". " + GPU_STEPS);
    }

    /** The version a libtorch folder states, or null: the zip's build-version, or the pip wheel's version.py. */
    static String versionNote(Path folder) {
        Path parent = folder.getParent();
        if (parent == null) {
            return null;
        }
        try {
            Path buildVersion = parent.resolve("build-version");
            if (Files.isRegularFile(buildVersion)) {
                return new String(Files.readAllBytes(buildVersion), StandardCharsets.UTF_8).trim();
            }
            Path versionPy = parent.resolve("version.py");
            if (Files.isRegularFile(versionPy)) {
                for (String line : Files.readAllLines(versionPy, StandardCharsets.UTF_8)) {
                    String l = line.trim();
                    if (l.startsWith("__version__")) {
                        int q = Math.max(l.indexOf('\''), l.indexOf('"'));
                        if (q >= 0) {
                            String rest = l.substring(q + 1);
                            int end = rest.indexOf(l.charAt(q));
                            return end >= 0 ? rest.substring(0, end) : null;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** DJL's platform classifier: linux-x86_64, osx-aarch64, win-x86_64, ... */
    static String classifier(Os os, String arch) {
        String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
        String cpu = a.equals("amd64") || a.equals("x86_64") || a.equals("x64") ? "x86_64"
                : a.equals("aarch64") || a.equals("arm64") ? "aarch64" : a;
        String prefix = os == Os.LINUX ? "linux" : os == Os.MAC ? "osx" : os == Os.WINDOWS ? "win" : "other";
        return prefix + "-" + cpu;
    }

    /** Systems with a CPU libtorch 2.7.1 jar on Maven Central, which the update site carries. */
    static boolean hasBuiltin(String classifier) {
        return classifier.equals("linux-x86_64") || classifier.equals("osx-aarch64")
                || classifier.equals("win-x86_64");
    }

    /** Systems for which {@code pytorch-jni-2.7.1-0.36.0} holds the JNI library. */
    static boolean hasJni(String classifier) {
        return hasBuiltin(classifier) || classifier.equals("linux-aarch64");
    }

    /** Why the built-in CPU build cannot load here, or null. */
    static String builtinProblem(Os os, String arch, String classifier, boolean nativeJarPresent) {
        if (os == Os.MAC && classifier.equals("osx-x86_64")) {
            return "This is an Intel Mac: libtorch " + VERSION + " has no build for macOS on Intel processors "
                    + "(PyTorch stopped making them), so Colorizer cannot run here. It runs on Apple-silicon Macs "
                    + "(M1 and later), Windows x86-64 and Linux x86-64.";
        }
        if (!hasBuiltin(classifier)) {
            return "Colorizer ships libtorch " + VERSION + " for Linux x86-64, Windows x86-64 and Apple-silicon "
                    + "Macs; this system is " + os + " " + arch + " (" + classifier + ")."
                    + (hasJni(classifier) ? " Set PYTORCH_LIBRARY_PATH to the lib folder of a libtorch " + VERSION
                            + " built for this system." : "");
        }
        if (!nativeJarPresent) {
            return "The libtorch " + VERSION + " jar for this system is missing (pytorch-native-cpu-" + VERSION + "-"
                    + classifier + ".jar). In Fiji: Help > Update..., keep the Colorizer update site ticked and "
                    + "apply the changes it lists, then restart; on the command line: keep target/lib/ beside "
                    + "colorizer.jar (mvn -B package fills it). Or set PYTORCH_LIBRARY_PATH to a libtorch " + VERSION
                    + " lib folder.";
        }
        return null;
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : null;
    }
}
