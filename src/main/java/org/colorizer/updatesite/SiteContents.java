package org.colorizer.updatesite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
            "Colorizes grayscale images with a conditional GAN (pix2pix), trained and run with DJL on PyTorch.";

    /** A dependency jar to ship: artifact name and, for a native jar, the updater platform. */
    public static final class Bundled {
        public final String artifact;
        public final String platform; // null: all platforms

        Bundled(String artifact, String platform) {
            this.artifact = artifact;
            this.platform = platform;
        }
    }

    /** Runtime dependencies Fiji does not ship (DJL and libtorch for Linux x86-64). */
    public static final List<Bundled> BUNDLED = Collections.unmodifiableList(Arrays.asList(
            new Bundled("api", null),
            new Bundled("pytorch-engine", null),
            new Bundled("pytorch-jni", null),
            new Bundled("pytorch-native-cpu", "linux64")));

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

    /** The jar in {@code libDir} for each {@link #BUNDLED} entry, in that order; fails unless exactly one. */
    public static List<Path> select(Path libDir) throws IOException {
        List<Path> jars = listJars(libDir);
        List<Path> chosen = new ArrayList<>();
        for (Bundled bundled : BUNDLED) {
            List<Path> matches = jars.stream()
                    .filter(p -> artifactOf(p.getFileName().toString()).equals(bundled.artifact))
                    .collect(Collectors.toList());
            if (matches.size() != 1) {
                throw new ColorizerException((matches.isEmpty() ? "No " : "Several ") + bundled.artifact
                        + "-<version>.jar in " + libDir + " " + names(matches)
                        + ": run 'mvn -B package' (after 'mvn clean' if versions changed) to fill it.");
            }
            chosen.add(matches.get(0));
        }
        return chosen;
    }

    /** Jars in {@code libDir} neither bundled nor known to ship with Fiji (a new dependency to decide on). */
    public static List<String> unaccounted(Path libDir) throws IOException {
        List<String> result = new ArrayList<>();
        for (Path jar : listJars(libDir)) {
            String artifact = artifactOf(jar.getFileName().toString());
            boolean bundled = BUNDLED.stream().anyMatch(b -> b.artifact.equals(artifact));
            if (!bundled && !FIJI_PROVIDED.contains(artifact)) {
                result.add(jar.getFileName().toString());
            }
        }
        return result;
    }

    /** The updater platform of a bundled jar file name, or null. */
    static String platformOf(String fileName) {
        String artifact = artifactOf(fileName);
        for (Bundled bundled : BUNDLED) {
            if (bundled.artifact.equals(artifact)) {
                return bundled.platform;
            }
        }
        return null;
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
