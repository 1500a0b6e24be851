package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorizer.interop.NetworkImport;
import org.colorizer.interop.OnnxNetwork;
import org.colorizer.updatesite.FijiLayout;
import org.colorizer.updatesite.OnnxRuntimeJars;
import org.colorizer.updatesite.SiteContents;
import org.colorizer.updatesite.UpdateSiteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fiji-like folder laid out from the generated update site for linux64 (the real jars of target/ and
 * target/lib; small stand-ins for the macOS and Windows libtorch jars, which the normal build does not fetch)
 * runs Colorize through SciJava in its own JVM, with the built-in model and with an imported ONNX network (on ONNX
 * Runtime's classes jar and Linux jar from the site, not Maven's jar), with nothing on the module path that Java
 * would reject.
 */
class FijiLayoutIT {
    @TempDir
    Path dir;

    static void fakeNative(Path jar, String classifier) throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nAutomatic-Module-Name: ai.djl.pytorch_native_cpu_" + classifier
                    + "\n").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("native/lib/pytorch.properties"));
            zip.write(("classifier=" + classifier + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theLinuxLayoutRunsColorizeThroughSciJava() throws Exception {
        Path targetLib = Paths.get("target", "lib");
        Path natives = Files.createDirectories(dir.resolve("natives"));
        fakeNative(natives.resolve("pytorch-native-cpu-2.7.1-osx-aarch64.jar"), "osx-aarch64");
        fakeNative(natives.resolve("pytorch-native-cpu-2.7.1-win-x86_64.jar"), "win-x86_64");
        Path site = dir.resolve("site");
        UpdateSiteBuilder.build(List.of(targetLib, natives), Paths.get("target", "colorizer.jar"), site,
                "20250101000000");

        Path fiji = dir.resolve("Fiji app");
        List<String> installed = FijiLayout.install(site, "linux64", fiji);
        assertTrue(installed.contains("jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar"), installed.toString());
        assertTrue(installed.contains("jars/colorizer.jar"), installed.toString());
        String ortClasses = "jars/onnxruntime-" + OnnxNetwork.ORT_VERSION + ".jar";
        String ortLinux = "jars/onnxruntime-native-linux-x64-" + OnnxNetwork.ORT_VERSION + ".jar";
        assertTrue(installed.containsAll(List.of(ortClasses, ortLinux)), installed.toString());
        // the plugin, DJL, the Linux libtorch, ONNX Runtime's classes and its Linux libraries
        assertEquals(7, installed.size(), installed.toString());
        try (ZipFile classes = new ZipFile(fiji.resolve(ortClasses).toFile())) {
            assertTrue(Collections.list(classes.entries()).stream()
                    .noneMatch(e -> e.getName().startsWith(OnnxRuntimeJars.NATIVE_ROOT)), "not Maven's jar");
        }
        // what Fiji itself ships (scijava-common, ij, imglib2, ...), from the build's own copies
        try (Stream<Path> jars = Files.list(targetLib)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                if (SiteContents.FIJI_PROVIDED.contains(SiteContents.artifactOf(jar.getFileName().toString()))) {
                    Files.copy(jar, fiji.resolve("jars").resolve(jar.getFileName()));
                }
            }
        }

        // Jaunch's module path (jars/<platform>/) gets nothing; the one jar Java would reject there is on the
        // class path (top-level jars/)
        assertEquals(List.of(), FijiLayout.modulePathFolders(fiji));
        Map<String, String> rejected = new TreeMap<>();
        for (String name : installed) {
            String problem = FijiLayout.moduleProblem(fiji.resolve(name));
            if (problem != null) {
                rejected.put(name, problem);
            }
        }
        assertEquals(List.of("jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar"), new ArrayList<>(rejected.keySet()));

        // the private preference roots: SciJava restores persisted inputs, so the user's would leak in (and out)
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true"));
        cmd.addAll(org.colorizer.testutil.TestJvm.privatePreferences());
        Path model = dir.resolve("l-ab.zip");
        NetworkImport.run(Paths.get(NetworkImport.class.getResource("l-ab.onnx").toURI()), "l-ab", 64, null, model);
        cmd.addAll(List.of("-cp", fiji.resolve("jars") + File.separator + "*" + File.pathSeparator
                + Paths.get("target", "test-classes").toAbsolutePath(), FijiColorizeMain.class.getName(),
                model.toString()));
        long started = System.currentTimeMillis() - 2000; // file times may be rounded to seconds
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        // SciJava persisted Colorize's inputs into the private preferences, not the user's
        Path stored = Paths.get(System.getProperty("java.util.prefs.userRoot"), ".java", ".userPrefs", "org", "colorizer",
                "fiji", "ColorizeImage", "prefs.xml");
        assertTrue(Files.isRegularFile(stored) && Files.getLastModifiedTime(stored).toMillis() >= started,
                "the child JVM kept its preferences in " + stored);
        assertTrue(out.contains("colorized: gray (colorized) 48x32 rgb=true"), out);
        String from = out.substring(out.indexOf("plugin from: ") + 13).split("\\R")[0].trim();
        assertEquals(fiji.resolve("jars/colorizer.jar").toAbsolutePath(), Paths.get(new java.net.URI(from)), out);
        // the imported ONNX network ran on ONNX Runtime from the site's split jars
        String imported = line(out, "imported: ");
        assertTrue(imported.startsWith("gray (colorized) 48x32 rgb=true colored="), out);
        assertTrue(Integer.parseInt(imported.substring(imported.indexOf("colored=") + 8)) > 48 * 32 / 4, out);
        assertEquals(fiji.resolve(ortClasses).toAbsolutePath(),
                Paths.get(new java.net.URI(line(out, "onnx runtime from: "))), out);
        String library = line(out, "onnx runtime library from: ");
        assertTrue(library.startsWith("jar:") && library.contains("!/"), out);
        assertEquals(fiji.resolve(ortLinux).toAbsolutePath(),
                Paths.get(new java.net.URI(library.substring(4, library.indexOf("!/")))), out);
    }

    private static String line(String output, String prefix) {
        int at = output.indexOf(prefix);
        assertTrue(at >= 0, output);
        return output.substring(at + prefix.length()).split("\\R")[0].trim();
    }
}
