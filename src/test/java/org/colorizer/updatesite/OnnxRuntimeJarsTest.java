package org.colorizer.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.colorizer.ColorizerException;
import org.colorizer.testutil.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeJarsTest {
    @TempDir
    Path dir;

    static final String NATIVE = "ai/onnxruntime/native/";

    /** A stand-in for the Maven jar: classes, notices, the SBOM, and five systems' libraries with debug symbols. */
    static Map<String, String> fakeMavenEntries(String content) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("ai/", null);
        e.put("ai/onnxruntime/", null);
        e.put("ai/onnxruntime/OrtEnvironment.class", "env " + content);
        e.put("ai/onnxruntime/providers/CoreMLFlags.class", "flags " + content);
        e.put(NATIVE, null);
        for (String osArch : new String[] {"linux-aarch64", "linux-x64"}) {
            e.put(NATIVE + osArch + "/", null);
            e.put(NATIVE + osArch + "/libonnxruntime.so", "ort " + osArch + " " + content);
            e.put(NATIVE + osArch + "/libonnxruntime4j_jni.so", "jni " + osArch);
        }
        for (String osArch : new String[] {"osx-aarch64", "osx-x64"}) {
            for (String lib : new String[] {"libonnxruntime", "libonnxruntime4j_jni"}) {
                e.put(NATIVE + osArch + "/" + lib + ".dylib", lib + " " + osArch + " " + content);
                String dsym = NATIVE + osArch + "/" + lib + ".dylib.dSYM/Contents/";
                e.put(dsym + "Info.plist", "plist");
                e.put(dsym + "Resources/DWARF/" + lib + ".dylib", "dwarf " + lib);
            }
        }
        e.put(NATIVE + "win-x64/onnxruntime.dll", "dll " + content);
        e.put(NATIVE + "win-x64/onnxruntime.pdb", "pdb");
        e.put(NATIVE + "win-x64/onnxruntime4j_jni.dll", "jni dll");
        e.put(NATIVE + "win-x64/onnxruntime4j_jni.pdb", "jni pdb");
        e.put("GIT_COMMIT_ID", "f2174028");
        e.put("META-INF/", null);
        e.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 1.22.0\n");
        e.put("META-INF/maven/com.microsoft.onnxruntime/onnxruntime/pom.xml", "<project/>");
        e.put("ThirdPartyNotices.txt", "notices");
        e.put("_manifest/spdx_2.2/manifest.spdx.json", "{}");
        return e;
    }

    @Test
    void splitsClassesFromEachSystemsLibrariesWithoutDebugSymbols() throws Exception {
        Map<String, String> source = fakeMavenEntries("1");
        Path maven = TestJars.write(dir.resolve("lib/onnxruntime-1.22.0.jar"), source);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Path> jars = OnnxRuntimeJars.split(maven, out);

        assertEquals(List.of("onnxruntime-1.22.0.jar", "onnxruntime-native-linux-x64-1.22.0.jar",
                "onnxruntime-native-win-x64-1.22.0.jar", "onnxruntime-native-osx-aarch64-1.22.0.jar"),
                jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        assertEquals(new TreeSet<>(jars), list(out), "nothing else written (no jar for linux-aarch64, osx-x64)");

        // the manifest first, then by name; file entries only
        assertEquals(List.of("META-INF/MANIFEST.MF", "GIT_COMMIT_ID",
                "META-INF/maven/com.microsoft.onnxruntime/onnxruntime/pom.xml", "ThirdPartyNotices.txt",
                "ai/onnxruntime/OrtEnvironment.class", "ai/onnxruntime/providers/CoreMLFlags.class"),
                names(jars.get(0)));
        assertEquals(List.of("META-INF/MANIFEST.MF", NATIVE + "linux-x64/libonnxruntime.so",
                NATIVE + "linux-x64/libonnxruntime4j_jni.so"), names(jars.get(1)));
        assertEquals(List.of("META-INF/MANIFEST.MF", NATIVE + "win-x64/onnxruntime.dll",
                NATIVE + "win-x64/onnxruntime4j_jni.dll"), names(jars.get(2)));
        assertEquals(List.of("META-INF/MANIFEST.MF", NATIVE + "osx-aarch64/libonnxruntime.dylib",
                NATIVE + "osx-aarch64/libonnxruntime4j_jni.dylib"), names(jars.get(3)));

        for (Path jar : jars) {
            for (Map.Entry<String, byte[]> e : contents(jar).entrySet()) {
                if (jar != jars.get(0) && e.getKey().equals("META-INF/MANIFEST.MF")) {
                    String manifest = new String(e.getValue(), StandardCharsets.UTF_8);
                    assertTrue(manifest.startsWith("Manifest-Version: 1.0\r\n")
                            && manifest.contains("Implementation-Version: 1.22.0\r\n"), manifest);
                    String osArch = jar.getFileName().toString().replace("onnxruntime-native-", "")
                            .replace("-1.22.0.jar", "");
                    assertTrue(manifest.contains("Automatic-Module-Name: com.microsoft.onnxruntime.natives."
                            + osArch.replace('-', '_') + "\r\n"), manifest);
                } else {
                    assertEquals(source.get(e.getKey()), new String(e.getValue(), StandardCharsets.UTF_8),
                            jar + "!" + e.getKey());
                }
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    assertEquals(LocalDateTime.of(2000, 1, 1, 0, 0), entry.getTimeLocal(), entry.getName());
                }
            }
            // also fine on a module path ("native", in a name derived from the file name, is not)
            assertNull(FijiLayout.moduleProblem(jar), jar.toString());
        }
    }

    @Test
    void theSameInputGivesTheSameBytesWhateverTheSourcesOrderAndTimes() throws Exception {
        Path first = TestJars.write(dir.resolve("a/onnxruntime-1.22.0.jar"), fakeMavenEntries("1"));
        List<Map.Entry<String, String>> reversed = new ArrayList<>(fakeMavenEntries("1").entrySet());
        Collections.reverse(reversed);
        Map<String, String> reordered = new LinkedHashMap<>();
        reversed.forEach(e -> reordered.put(e.getKey(), e.getValue()));
        Path second = TestJars.write(dir.resolve("b/onnxruntime-1.22.0.jar"), reordered, 1_750_000_000_000L, 1);
        assertTrue(!same(first, second));

        List<Path> a = OnnxRuntimeJars.split(first, Files.createDirectories(dir.resolve("out-a")));
        List<Path> b = OnnxRuntimeJars.split(second, Files.createDirectories(dir.resolve("out-b")));
        for (int i = 0; i < a.size(); i++) {
            assertTrue(same(a.get(i), b.get(i)), a.get(i).getFileName().toString());
        }
        // a different library gives a different native jar, and leaves the other systems' alone
        Path changed = TestJars.write(dir.resolve("c/onnxruntime-1.22.0.jar"), fakeMavenEntries("2"));
        List<Path> c = OnnxRuntimeJars.split(changed, Files.createDirectories(dir.resolve("out-c")));
        assertNotEquals(TestJars.jarChecksum(a.get(1)), TestJars.jarChecksum(c.get(1)));
        Map<String, String> libsOnly = fakeMavenEntries("1");
        libsOnly.put(NATIVE + "linux-x64/libonnxruntime4j_jni.so", "jni linux-x64 changed");
        Path oneLib = TestJars.write(dir.resolve("d/onnxruntime-1.22.0.jar"), libsOnly);
        List<Path> d = OnnxRuntimeJars.split(oneLib, Files.createDirectories(dir.resolve("out-d")));
        assertTrue(same(a.get(0), d.get(0)), "classes jar unchanged");
        assertTrue(same(a.get(2), d.get(2)), "Windows jar unchanged");
        assertTrue(!same(a.get(1), d.get(1)));
    }

    @Test
    void aJarWithoutASystemsLibrariesOrNotNamedAsMavenNamesItIsRefused() throws Exception {
        Map<String, String> noMac = fakeMavenEntries("1");
        noMac.keySet().removeIf(name -> name.startsWith(NATIVE + "osx-aarch64/") && !name.contains(".dSYM/"));
        Path jar = TestJars.write(dir.resolve("onnxruntime-1.22.0.jar"), noMac);
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> OnnxRuntimeJars.split(jar, Files.createDirectories(dir.resolve("out"))));
        assertTrue(e.getMessage().contains(jar.toString()) && e.getMessage().contains(NATIVE + "osx-aarch64/"),
                e.getMessage());

        Path renamed = TestJars.write(dir.resolve("onnxruntime.jar"), fakeMavenEntries("1"));
        e = assertThrows(ColorizerException.class, () -> OnnxRuntimeJars.split(renamed, dir));
        assertTrue(e.getMessage().contains("onnxruntime-<version>.jar"), e.getMessage());

        Path notOrt = TestJars.write(dir.resolve("x/onnxruntime-1.22.0.jar"), Map.of("README", "hello"));
        e = assertThrows(ColorizerException.class, () -> OnnxRuntimeJars.split(notOrt, dir));
        assertTrue(e.getMessage().contains("no Java classes"), e.getMessage());
    }

    @Test
    void runtimeLibrariesAreTheSharedLibrariesOfTheFolder() {
        for (String name : new String[] {"libonnxruntime.so", "libonnxruntime.so.1", "libonnxruntime.so.1.22.0",
                "onnxruntime.dll", "libonnxruntime4j_jni.dylib"}) {
            assertTrue(OnnxRuntimeJars.isRuntimeLibrary(name), name);
        }
        for (String name : new String[] {"onnxruntime.pdb", "libonnxruntime.dylib.dSYM/Contents/Info.plist",
                "libonnxruntime.dylib.dSYM/Contents/Resources/DWARF/libonnxruntime.dylib", "sub/libx.so",
                "libonnxruntime.so.debug", "notes.txt"}) {
            assertTrue(!OnnxRuntimeJars.isRuntimeLibrary(name), name);
        }
    }

    /**
     * The real jar from Maven Central (on this test's class path): the classes jar and the Linux jar, on a class
     * path without Maven's jar, open and run an ONNX network in a JVM of their own, as Maven's jar does here.
     */
    @Test
    void theSplitJarsRunANetworkOnTheirOwn() throws Exception {
        Path maven = Paths.get(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals("onnxruntime-" + org.colorizer.interop.OnnxNetwork.ORT_VERSION + ".jar",
                maven.getFileName().toString());
        List<Path> jars = OnnxRuntimeJars.split(maven, Files.createDirectories(dir.resolve("site jars")));
        Path classes = jars.get(0);
        Path linux = jars.get(1);

        // the libraries are Maven's, byte for byte; nothing else of the native folder came along
        try (ZipFile original = new ZipFile(maven.toFile())) {
            for (Path jar : jars.subList(1, jars.size())) {
                String osArch = SiteContents.ORT_NATIVES.get(jars.indexOf(jar) - 1).osArch;
                Set<String> expected = new TreeSet<>();
                for (ZipEntry entry : Collections.list(original.entries())) {
                    String name = entry.getName();
                    String file = name.substring(name.lastIndexOf('/') + 1);
                    if (name.equals(NATIVE + osArch + "/" + file) && !file.isEmpty() && !file.endsWith(".pdb")) {
                        expected.add(name);
                    }
                }
                assertEquals(2, expected.size(), osArch + ": " + expected); // onnxruntime and its JNI binding
                try (ZipFile split = new ZipFile(jar.toFile())) {
                    Set<String> actual = new TreeSet<>(names(jar));
                    actual.remove("META-INF/MANIFEST.MF");
                    assertEquals(expected, actual, osArch);
                    for (String name : expected) {
                        assertEquals(original.getEntry(name).getCrc(), split.getEntry(name).getCrc(), name);
                        assertEquals(original.getEntry(name).getSize(), split.getEntry(name).getSize(), name);
                    }
                }
            }
            long mavenClasses = Collections.list(original.entries()).stream()
                    .filter(e -> e.getName().endsWith(".class")).count();
            assertEquals(mavenClasses, names(classes).stream().filter(n -> n.endsWith(".class")).count());
            assertTrue(names(classes).stream().noneMatch(n -> n.startsWith(NATIVE)));
        }

        Path model = Paths.get(org.colorizer.interop.NetworkImport.class.getResource("l-ab.onnx").toURI());
        Path testClasses = Paths.get(OrtSessionMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path noLibraries = Files.createDirectories(dir.resolve("empty"));
        Path values = dir.resolve("values.bin");
        Result run = java(List.of(classes, linux, testClasses), noLibraries, model.toString(), values.toString());
        assertEquals(0, run.status, run.output);
        assertEquals(classes, path(line(run.output, "classes from: ")), run.output);
        String library = line(run.output, "library from: ");
        assertTrue(library.startsWith("jar:") && library.endsWith("!/" + NATIVE + "linux-x64/libonnxruntime.so"),
                run.output);
        assertEquals(linux, path(library.substring(4, library.indexOf("!/"))), run.output);

        float[] expected;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), options)) {
            expected = OrtSessionMain.run(env, session);
        }
        assertTrue(expected.length > 0 && expected.length % 2 == 0, "a and b: " + expected.length);
        float[] actual = new float[expected.length];
        try (InputStream file = Files.newInputStream(values); DataInputStream in = new DataInputStream(file)) {
            for (int i = 0; i < actual.length; i++) {
                actual[i] = in.readFloat();
            }
            assertEquals(-1, in.read());
        }
        assertArrayEquals(expected, actual, 1e-6f, "the split jars compute what Maven's jar computes");

        // without the Linux jar there is no library: it came from that jar, not from the system
        Result without = java(List.of(classes, testClasses), noLibraries, model.toString(), values.toString());
        assertNotEquals(0, without.status, without.output);
        assertTrue(without.output.contains("UnsatisfiedLinkError") && without.output.contains("onnxruntime"),
                without.output);
    }

    // -- helpers --

    static final class Result {
        final int status;
        final String output;

        Result(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }

    private static Result java(List<Path> classPath, Path libraryPath, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + libraryPath));
        cmd.addAll(TestJvm.privatePreferences());
        cmd.add("-cp");
        cmd.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(OrtSessionMain.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static String line(String output, String prefix) {
        int at = output.indexOf(prefix);
        assertTrue(at >= 0, output);
        return output.substring(at + prefix.length()).split("\\R")[0].trim();
    }

    private static Path path(String fileUrl) throws Exception {
        return Paths.get(new java.net.URI(fileUrl));
    }

    private static boolean same(Path a, Path b) throws IOException {
        return java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    private static List<String> names(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).collect(Collectors.toList());
        }
    }

    private static Map<String, byte[]> contents(Path jar) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    result.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return result;
    }

    private static Set<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
