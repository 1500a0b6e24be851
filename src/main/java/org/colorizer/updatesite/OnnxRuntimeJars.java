package org.colorizer.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorizer.ColorizerException;

/**
 * The site's ONNX Runtime jars, derived from its Maven jar: the Java classes (everything outside
 * {@code ai/onnxruntime/native/}, without the package's software bill of materials {@code _manifest/}, which
 * describes the Maven jar), and for each of {@link SiteContents#ORT_NATIVES} a jar holding only the runtime
 * libraries of {@code ai/onnxruntime/native/<os-arch>/} (no debug symbols). ONNX Runtime loads its libraries as
 * class-path resources of those names, so the classes jar and one native jar on a class path work as the Maven jar.
 *
 * <p>The same input gives the same bytes: file entries only, the manifest first and the rest sorted by name, one
 * fixed entry time (a local date-time, so the time zone does not matter), one compression level.
 */
public final class OnnxRuntimeJars {
    /** Where the Maven jar keeps each system's libraries: {@code ai/onnxruntime/native/<os-arch>/}. */
    public static final String NATIVE_ROOT = "ai/onnxruntime/native/";
    /** The software bill of materials of the Maven package (signed, listing the Maven jar's files). */
    static final String SBOM = "_manifest/";
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** The time of every entry written. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    /** Shared libraries: {@code .so} (with or without a version suffix), {@code .dylib}, {@code .dll}. */
    private static final Pattern LIBRARY = Pattern.compile("[^/]+\\.(so(\\.[0-9]+)*|dylib|dll)");

    private OnnxRuntimeJars() {}

    /**
     * Writes the classes jar (named as the Maven jar) and one native jar per {@link SiteContents#ORT_NATIVES} entry
     * into {@code outDir}.
     *
     * @return the jars written: the classes jar first, then the native jars in {@code ORT_NATIVES} order
     */
    public static List<Path> split(Path mavenJar, Path outDir) throws IOException {
        String version = versionOf(mavenJar);
        List<Path> written = new ArrayList<>();
        try (ZipFile zip = new ZipFile(mavenJar.toFile())) {
            List<ZipEntry> files = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    files.add(entry);
                }
            }
            files.sort(Comparator.comparing(ZipEntry::getName));
            List<ZipEntry> classes = new ArrayList<>();
            for (ZipEntry entry : files) {
                if (!entry.getName().startsWith(NATIVE_ROOT) && !entry.getName().startsWith(SBOM)) {
                    classes.add(entry);
                }
            }
            if (classes.stream().noneMatch(e -> e.getName().endsWith(".class"))) {
                throw new ColorizerException(mavenJar + " holds no Java classes: is it ONNX Runtime's jar from Maven"
                        + " Central (com.microsoft.onnxruntime:onnxruntime)? Run 'mvn -B package' to fetch it again.");
            }
            written.add(write(zip, classes, null, outDir.resolve(mavenJar.getFileName().toString())));
            for (SiteContents.Bundled bundled : SiteContents.ORT_NATIVES) {
                String folder = NATIVE_ROOT + bundled.osArch + "/";
                List<ZipEntry> libraries = new ArrayList<>();
                for (ZipEntry entry : files) {
                    String name = entry.getName();
                    if (name.startsWith(folder) && isRuntimeLibrary(name.substring(folder.length()))) {
                        libraries.add(entry);
                    }
                }
                if (libraries.isEmpty()) {
                    throw new ColorizerException(mavenJar + " has no libraries in " + folder + ": the site needs ONNX"
                            + " Runtime's CPU jar from Maven Central, which holds them for " + osArches() + ".");
                }
                String manifest = "Manifest-Version: 1.0\r\nAutomatic-Module-Name: " + moduleName(bundled.osArch)
                        + "\r\nImplementation-Title: ONNX Runtime native libraries (" + bundled.osArch
                        + ")\r\nImplementation-Version: " + version + "\r\n\r\n";
                written.add(write(zip, libraries, manifest, outDir.resolve(bundled.fileName(version))));
            }
        }
        return written;
    }

    /** Whether a file name in a system's folder is a runtime library (not a debug symbol file or bundle). */
    static boolean isRuntimeLibrary(String name) {
        return LIBRARY.matcher(name).matches();
    }

    /** {@code 1.22.0} for {@code onnxruntime-1.22.0.jar}. */
    static String versionOf(Path mavenJar) {
        String name = mavenJar.getFileName().toString();
        String prefix = SiteContents.ORT + "-";
        if (!name.startsWith(prefix) || !name.endsWith(".jar") || name.length() <= prefix.length() + 4) {
            throw new ColorizerException(mavenJar + " is not named onnxruntime-<version>.jar as Maven names"
                    + " ONNX Runtime's jar: use the file Maven copies to target/lib.");
        }
        return name.substring(prefix.length(), name.length() - 4);
    }

    /**
     * A module name Java accepts should the jar land on a module path: the one it would derive from the file name
     * ({@code onnxruntime.native.linux.x64}) holds the keyword {@code native}.
     */
    static String moduleName(String osArch) {
        return "com.microsoft.onnxruntime.natives." + osArch.replace('-', '_');
    }

    private static String osArches() {
        List<String> result = new ArrayList<>();
        for (SiteContents.Bundled bundled : SiteContents.ORT_NATIVES) {
            result.add(bundled.osArch);
        }
        return String.join(", ", result);
    }

    /** A jar of {@code entries} (sorted by name) from {@code zip}; the manifest given, or the source's if null. */
    private static Path write(ZipFile zip, List<ZipEntry> entries, String manifest, Path jar) throws IOException {
        List<ZipEntry> ordered = new ArrayList<>();
        for (ZipEntry entry : entries) {
            if (entry.getName().equals(MANIFEST)) {
                ordered.add(0, entry);
            } else {
                ordered.add(entry);
            }
        }
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            if (manifest != null) {
                out.putNextEntry(entry(MANIFEST));
                out.write(manifest.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            for (ZipEntry source : ordered) {
                if (manifest != null && source.getName().equals(MANIFEST)) {
                    continue;
                }
                out.putNextEntry(entry(source.getName()));
                try (InputStream in = zip.getInputStream(source)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }
}
