package org.colorizer.updatesite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.colorizer.ColorizerException;

/**
 * What goes on the update site: the one place listing the dependency jars Fiji lacks (matched in
 * {@code target/lib} by artifact name, i.e. the file name up to its version) and those Fiji already ships.
 */
public final class SiteContents {
    /** Folder of the Fiji installation (and of the site) the jars go to. */
    public static final String JARS_DIR = "jars/";

    /** Description of the plugin jar in {@code db.xml.gz}. */
    public static final String PLUGIN_DESCRIPTION =
            "Colorizes grayscale images with a conditional GAN (pix2pix), trained and run with DJL on PyTorch. "
                    + "License: BSD-2-Clause (third-party licenses in NOTICE; the built-in models' training data and "
                    + "its terms in MODEL.md).";

    /**
     * A dependency jar to ship: artifact name, for a native jar its Maven classifier, and the updater platforms it
     * is tagged with in {@code db.xml.gz} (empty: all platforms).
     */
    public static final class Bundled {
        public final String artifact;
        public final String classifier; // null: the jar has none
        public final List<String> platforms;
        /** For a jar derived from ONNX Runtime's: its folder under {@code ai/onnxruntime/native/}; else null. */
        public final String osArch;

        Bundled(String artifact, String classifier, String... platforms) {
            this(artifact, classifier, null, Arrays.asList(platforms));
        }

        private Bundled(String artifact, String classifier, String osArch, List<String> platforms) {
            this.artifact = artifact;
            this.classifier = classifier;
            this.osArch = osArch;
            this.platforms = Collections.unmodifiableList(platforms);
        }

        /** The jar of ONNX Runtime's libraries for one system: {@code onnxruntime-native-<osArch>-<version>.jar}. */
        static Bundled onnxRuntimeNative(String osArch, String... platforms) {
            return new Bundled(ORT_NATIVE + osArch, null, osArch, Arrays.asList(platforms));
        }

        /** Its file name for a version: {@code onnxruntime-native-linux-x64-1.22.0.jar}. */
        public String fileName(String version) {
            return artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
        }

        /** Whether a jar file name is this one (any version). */
        public boolean matches(String fileName) {
            String name = fileName.substring(fileName.lastIndexOf('/') + 1);
            return artifactOf(name).equals(artifact) && (classifier == null || name.endsWith("-" + classifier + ".jar"));
        }

        /** The identity of this file across versions: artifact, and classifier if any. */
        public String key() {
            return classifier == null ? artifact : artifact + ":" + classifier;
        }

        /** For messages: {@code api-<version>.jar}, {@code pytorch-native-cpu-<version>-osx-aarch64.jar}. */
        public String pattern() {
            return artifact + "-<version>" + (classifier == null ? "" : "-" + classifier) + ".jar";
        }
    }

    /** The libtorch CPU builds on Maven Central for 2.7.1, one per system, each tagged with its platform. */
    public static final String NATIVE = "pytorch-native-cpu";

    /** ONNX Runtime's Maven jar: its Java classes, and its libraries for five systems with their debug symbols. */
    public static final String ORT = "onnxruntime";
    /** Artifact prefix of the jars of ONNX Runtime's libraries, one per system. */
    public static final String ORT_NATIVE = "onnxruntime-native-";

    /**
     * Runtime dependencies Fiji does not ship: DJL, libtorch for Linux x86-64, Windows x86-64 and Apple-silicon
     * Macs, and ONNX Runtime (split for the site: {@link #ORT_NATIVES}). Updaters before 1.1 call every Mac
     * {@code macosx}, so the Mac jar carries that tag as well (newer updaters match {@code macosx} to every Mac,
     * Intel ones included, which then get a jar they cannot use and a clear message from the plugin). The native
     * jars go to the top-level {@code jars/} folder, never to {@code jars/<platform>/}: see update-site/README.md.
     */
    public static final List<Bundled> BUNDLED = Collections.unmodifiableList(Arrays.asList(
            new Bundled("api", null),
            new Bundled("pytorch-engine", null),
            new Bundled("pytorch-jni", null),
            new Bundled(NATIVE, "linux-x86_64", "linux64"),
            new Bundled(NATIVE, "osx-aarch64", "macos-arm64", "macosx"),
            new Bundled(NATIVE, "win-x86_64", "win64"),
            new Bundled(ORT, null)));

    /**
     * ONNX Runtime goes on the site split ({@link OnnxRuntimeJars}): its classes under the Maven jar's name for all
     * platforms, and these jars of runtime libraries, one per system the plugin has libtorch for, tagged as that
     * system's libtorch jar. The system comes before the version in the name because the updater identifies a file
     * by its name without the version: {@code onnxruntime-native-linux-x64-1.22.0.jar} is
     * {@code onnxruntime-native-linux-x64.jar} to it, in every version; with the system after the version, all three
     * would be {@code onnxruntime-native.jar}, one file. Linux on ARM and Intel Macs are left out (no libtorch).
     */
    public static final List<Bundled> ORT_NATIVES = Collections.unmodifiableList(Arrays.asList(
            Bundled.onnxRuntimeNative("linux-x64", "linux64"),
            Bundled.onnxRuntimeNative("win-x64", "win64"),
            Bundled.onnxRuntimeNative("osx-aarch64", "macos-arm64", "macosx")));

    /** Runtime dependencies Fiji ships already (slf4j-simple: Fiji brings its own SLF4J binding). */
    public static final List<String> FIJI_PROVIDED = Collections.unmodifiableList(Arrays.asList(
            "scijava-common", "parsington", "imglib2", "ij", "gson", "jna", "commons-compress", "commons-io",
            "commons-codec", "slf4j-api", "slf4j-simple"));

    private SiteContents() {}

    /**
     * The artifact name of a jar file name: without folder and ".jar", cut before the first "-digit"
     * ({@code pytorch-native-cpu-2.7.1-linux-x86_64.jar} gives {@code pytorch-native-cpu}).
     */
    public static String artifactOf(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (name.endsWith(".jar")) {
            name = name.substring(0, name.length() - 4);
        }
        for (int i = 0; i + 1 < name.length(); i++) {
            if (name.charAt(i) == '-' && Character.isDigit(name.charAt(i + 1))) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    /** The jar for each {@link #BUNDLED} entry, in that order, found in one folder. */
    public static List<Path> select(Path libDir) throws IOException {
        return select(Collections.singletonList(libDir));
    }

    /**
     * The jar for each {@link #BUNDLED} entry, in that order, found in any of the folders (a file name present in
     * several counts once); fails unless exactly one matches each entry.
     */
    public static List<Path> select(List<Path> libDirs) throws IOException {
        List<Path> jars = listJars(libDirs);
        List<Path> chosen = new ArrayList<>();
        for (Bundled bundled : BUNDLED) {
            List<Path> matches = jars.stream().filter(p -> bundled.matches(p.getFileName().toString()))
                    .collect(Collectors.toList());
            if (matches.size() != 1) {
                throw new ColorizerException((matches.isEmpty() ? "No " : "Several ") + bundled.pattern() + " in "
                        + libDirs + " " + names(matches) + ": "
                        + (bundled.classifier != null && !bundled.classifier.equals("linux-x86_64")
                                ? "update-site/build.sh fetches the macOS and Windows libtorch jars into target/natives "
                                        + "(mvn -B -Pupdate-site package)."
                                : "run 'mvn -B package' (after 'mvn clean' if versions changed) to fill target/lib."));
            }
            chosen.add(matches.get(0));
        }
        return chosen;
    }

    /** Jars in {@code libDir} neither bundled nor known to ship with Fiji (a new dependency to decide on). */
    public static List<String> unaccounted(Path libDir) throws IOException {
        return unaccounted(Collections.singletonList(libDir));
    }

    /** Jars in the folders neither bundled nor known to ship with Fiji (a new dependency to decide on). */
    public static List<String> unaccounted(List<Path> libDirs) throws IOException {
        List<String> result = new ArrayList<>();
        for (Path jar : listJars(libDirs)) {
            String name = jar.getFileName().toString();
            if (bundledOf(name) == null && !FIJI_PROVIDED.contains(artifactOf(name))) {
                result.add(name);
            }
        }
        return result;
    }

    /** The entry of {@link #BUNDLED} or {@link #ORT_NATIVES} a jar file name is, or null. */
    public static Bundled bundledOf(String fileName) {
        for (List<Bundled> list : Arrays.asList(BUNDLED, ORT_NATIVES)) {
            for (Bundled bundled : list) {
                if (bundled.matches(fileName)) {
                    return bundled;
                }
            }
        }
        return null;
    }

    /** The updater platforms of a bundled jar file name (empty: all, or not bundled). */
    static List<String> platformsOf(String fileName) {
        Bundled bundled = bundledOf(fileName);
        return bundled == null ? Collections.emptyList() : bundled.platforms;
    }

    /** What stays the same across versions of a file on the site: artifact and classifier of a bundled jar. */
    static String historyKey(String fileName) {
        Bundled bundled = bundledOf(fileName);
        return bundled != null ? bundled.key() : artifactOf(fileName);
    }

    private static List<Path> listJars(List<Path> libDirs) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path libDir : libDirs) {
            for (Path jar : listJars(libDir)) {
                byName.putIfAbsent(jar.getFileName().toString(), jar);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static List<Path> listJars(Path libDir) throws IOException {
        if (!Files.isDirectory(libDir)) {
            throw new ColorizerException("Dependency folder " + libDir
                    + " does not exist: run 'mvn -B package' first (it copies the runtime jars there).");
        }
        try (Stream<Path> files = Files.list(libDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static String names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()).toString();
    }
}
