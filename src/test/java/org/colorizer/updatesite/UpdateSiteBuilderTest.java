package org.colorizer.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.colorizer.ColorizerException;
import org.scijava.util.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

class UpdateSiteBuilderTest {
    @TempDir
    Path dir;
    Path lib;
    Path plugin;
    Path site;

    static final String TS1 = "20250102030405";
    static final String TS2 = "20250203040506";
    static final List<String> DJL = Arrays.asList("jars/api-0.36.0.jar", "jars/pytorch-engine-0.36.0.jar",
            "jars/pytorch-jni-2.7.1-0.36.0.jar", "jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
            "jars/pytorch-native-cpu-2.7.1-osx-aarch64.jar", "jars/pytorch-native-cpu-2.7.1-win-x86_64.jar");
    /** ONNX Runtime on the site: split from its Maven jar into classes and one jar of libraries per system. */
    static final List<String> ORT = Arrays.asList("jars/onnxruntime-1.22.0.jar",
            "jars/onnxruntime-native-linux-x64-1.22.0.jar", "jars/onnxruntime-native-win-x64-1.22.0.jar",
            "jars/onnxruntime-native-osx-aarch64-1.22.0.jar");
    /** Every dependency on the site, in the order of the plugin's dependency list. */
    static final List<String> DEPENDENCIES = concat(DJL, ORT);
    /** The updater platform tags of each native jar. */
    static final java.util.Map<String, List<String>> PLATFORMS = java.util.Map.of(
            "jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar", List.of("linux64"),
            "jars/pytorch-native-cpu-2.7.1-osx-aarch64.jar", List.of("macos-arm64", "macosx"),
            "jars/pytorch-native-cpu-2.7.1-win-x86_64.jar", List.of("win64"),
            "jars/onnxruntime-native-linux-x64-1.22.0.jar", List.of("linux64"),
            "jars/onnxruntime-native-osx-aarch64-1.22.0.jar", List.of("macos-arm64", "macosx"),
            "jars/onnxruntime-native-win-x64-1.22.0.jar", List.of("win64"));

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @BeforeEach
    void makeJars() throws IOException {
        lib = dir.resolve("lib");
        site = dir.resolve("site");
        for (String name : DJL) {
            String base = name.substring(5);
            String classifier = base.startsWith("pytorch-native-cpu-2.7.1-") ? base.substring(25, base.length() - 4)
                    : null;
            // the native jars' manifests name a module with a hyphen, as DJL's do
            TestJars.write(lib.resolve(base), TestJars.entries(
                    "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBuilt-By: " + base + "\n" + (classifier == null ? ""
                            : "Automatic-Module-Name: ai.djl.pytorch_native_cpu_" + classifier + "\n"),
                    "ai/djl/" + base + ".class", "bytes of " + base,
                    "META-INF/maven/ai.djl/" + base + "/pom.properties", "#built\nversion=" + base + "\n"));
        }
        TestJars.write(lib.resolve("onnxruntime-1.22.0.jar"), OnnxRuntimeJarsTest.fakeMavenEntries("1"));
        // Fiji ships these: must stay off the site
        for (String base : new String[] {"gson-2.10.1.jar", "slf4j-simple-1.7.36.jar", "jna-5.14.0.jar"}) {
            TestJars.write(lib.resolve(base), TestJars.entries("x/" + base, "x"));
        }
        plugin = writePlugin("v1");
    }

    private Path writePlugin(String content) throws IOException {
        return TestJars.write(dir.resolve("target/colorizer.jar"), TestJars.entries(
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: org.colorizer.cli.Main\n",
                "org/colorizer/Plugin.class", "plugin " + content,
                "plugins.config", "Plugins>Colorize, \"Colorize\", org.colorizer.Plugin\n",
                "META-INF/maven/org.colorizer/colorizer/pom.properties", "#Generated\n#today\nversion=1\n"));
    }

    @Test
    void buildsSiteTheUpdaterCanRead() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);

        Element root = parseValidating(site.resolve("db.xml.gz")).getDocumentElement();
        assertEquals("pluginRecords", root.getTagName());
        TreeMap<String, Element> plugins = new TreeMap<>();
        for (Element p : children(root, "plugin")) {
            plugins.put(p.getAttribute("filename"), p);
        }
        Set<String> expectedNames = new TreeSet<>(DEPENDENCIES);
        expectedNames.add("jars/colorizer.jar");
        assertEquals(expectedNames, plugins.keySet());
        assertEquals(11, children(root, "plugin").size());
        // ONNX Runtime's jars are those derived from its Maven jar (OnnxRuntimeJarsTest checks what they hold)
        Path derived = Files.createDirectories(dir.resolve("derived"));
        OnnxRuntimeJars.split(lib.resolve("onnxruntime-1.22.0.jar"), derived);

        for (Element p : plugins.values()) {
            String filename = p.getAttribute("filename");
            Path source = filename.equals("jars/colorizer.jar") ? plugin
                    : (ORT.contains(filename) ? derived : lib).resolve(filename.substring(5));
            List<Element> versions = children(p, "version");
            assertEquals(1, versions.size(), filename);
            Element version = versions.get(0);
            assertEquals(TS1, version.getAttribute("timestamp"));
            assertEquals(Long.toString(Files.size(source)), version.getAttribute("filesize"));
            assertEquals(TestJars.jarChecksum(source), version.getAttribute("checksum"), filename);
            assertTrue(version.getAttribute("checksum").matches("[0-9a-f]{40}"));
            Path stored = site.resolve(filename + "-" + TS1);
            assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(stored), filename);
            assertTrue(children(p, "previous-version").isEmpty());
            List<String> platforms = texts(children(p, "platform"));
            assertEquals(PLATFORMS.getOrDefault(filename, List.of()), platforms, filename);
        }

        Element pluginVersion = children(plugins.get("jars/colorizer.jar"), "version").get(0);
        assertEquals(List.of(SiteContents.PLUGIN_DESCRIPTION), texts(children(pluginVersion, "description")));
        List<String> dependencies = new ArrayList<>();
        for (Element dependency : children(pluginVersion, "dependency")) {
            dependencies.add(dependency.getAttribute("filename"));
            assertEquals(TS1, dependency.getAttribute("timestamp"));
        }
        assertEquals(DEPENDENCIES, dependencies);
        for (String dependency : DEPENDENCIES) {
            assertTrue(children(children(plugins.get(dependency), "version").get(0), "dependency").isEmpty());
        }

        // readable like any new file (a web server must serve them)
        if (site.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path reference = Files.write(dir.resolve("reference"), new byte[1]);
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
            assertEquals(expected, Files.getPosixFilePermissions(site.resolve("db.xml.gz")));
            assertEquals(expected, Files.getPosixFilePermissions(site.resolve("jars/colorizer.jar-" + TS1)));
        }

        // exactly the eleven stored jars and db.xml.gz; no temporary files left behind
        assertEquals(Set.of("db.xml.gz", "jars"), list(site));
        Set<String> stored = expectedNames.stream().map(n -> n.substring(5) + "-" + TS1).collect(Collectors.toSet());
        assertEquals(stored, list(site.resolve("jars")));
    }

    @Test
    void xmlTextLooksLikeTheUpdatersOwn() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);
        String xml = new String(gunzip(site.resolve("db.xml.gz")), StandardCharsets.UTF_8);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), xml);
        assertTrue(xml.contains("<!DOCTYPE pluginRecords ["), xml);
        assertTrue(xml.contains("<plugin filename=\"jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar\">\n"
                + "        <platform>linux64</platform>\n        <version checksum=\""), xml);
        assertTrue(xml.contains("<plugin filename=\"jars/pytorch-native-cpu-2.7.1-osx-aarch64.jar\">\n"
                + "        <platform>macos-arm64</platform>\n        <platform>macosx</platform>\n"
                + "        <version checksum=\""), xml);
        String apiRecord = "(?s).*<plugin filename=\"jars/api-0\\.36\\.0\\.jar\">\n"
                + "        <version checksum=\"[0-9a-f]{40}\" timestamp=\"" + TS1 + "\" filesize=\"[0-9]+\"/>\n"
                + "    </plugin>.*";
        assertTrue(xml.matches(apiRecord), xml);
    }

    @Test
    void rebuildKeepsUnchangedVersionsAndRecordsReplacedOnes() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);
        String oldChecksum = TestJars.jarChecksum(plugin);
        byte[] firstDb = gunzip(site.resolve("db.xml.gz"));

        // same files again, later timestamp: nothing changes (a rebuilt plugin jar with new entry times counts
        // as the same file)
        TestJars.write(plugin, TestJars.entries(
                "org/colorizer/Plugin.class", "plugin v1",
                "META-INF/maven/org.colorizer/colorizer/pom.properties", "#Generated\n#tomorrow\nversion=1\n",
                "plugins.config", "Plugins>Colorize, \"Colorize\", org.colorizer.Plugin\n",
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"), 1_750_000_000_000L, 9);
        assertEquals(oldChecksum, TestJars.jarChecksum(plugin));
        UpdateSiteBuilder.build(lib, plugin, site, TS2);
        assertArrayEquals(firstDb, gunzip(site.resolve("db.xml.gz")));
        assertFalse(Files.exists(site.resolve("jars/colorizer.jar-" + TS2)));

        // a changed plugin jar: new version, the old one listed as previous; dependencies untouched
        writePlugin("v2");
        UpdateSiteBuilder.build(lib, plugin, site, TS2);
        Element root = parseValidating(site.resolve("db.xml.gz")).getDocumentElement();
        Element record = byFilename(root, "jars/colorizer.jar");
        Element version = children(record, "version").get(0);
        assertEquals(TS2, version.getAttribute("timestamp"));
        assertEquals(TestJars.jarChecksum(plugin), version.getAttribute("checksum"));
        assertNotEquals(oldChecksum, version.getAttribute("checksum"));
        List<Element> previous = children(record, "previous-version");
        assertEquals(1, previous.size());
        assertEquals(TS1, previous.get(0).getAttribute("timestamp"));
        assertEquals(TS2, previous.get(0).getAttribute("timestamp-obsolete"));
        assertEquals(oldChecksum, previous.get(0).getAttribute("checksum"));
        assertEquals("jars/colorizer.jar", previous.get(0).getAttribute("filename"));
        for (Element dependency : children(version, "dependency")) {
            assertEquals(TS1, dependency.getAttribute("timestamp"));
        }
        for (String dependency : DEPENDENCIES) { // ONNX Runtime's split again: the same jars
            assertEquals(TS1, children(byFilename(root, dependency), "version").get(0).getAttribute("timestamp"));
        }
        assertTrue(Files.exists(site.resolve("jars/colorizer.jar-" + TS1)));
        assertArrayEquals(Files.readAllBytes(plugin), Files.readAllBytes(site.resolve("jars/colorizer.jar-" + TS2)));
    }

    @Test
    void newDependencyVersionReplacesOldFileName() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);
        Files.delete(lib.resolve("api-0.36.0.jar"));
        Path api = TestJars.write(lib.resolve("api-0.37.0.jar"), TestJars.entries("ai/djl/Api.class", "new api"));
        UpdateSiteBuilder.build(lib, plugin, site, TS2);

        Element root = parseValidating(site.resolve("db.xml.gz")).getDocumentElement();
        assertEquals(11, children(root, "plugin").size());
        Element record = byFilename(root, "jars/api-0.37.0.jar");
        assertEquals(TestJars.jarChecksum(api), children(record, "version").get(0).getAttribute("checksum"));
        Element previous = children(record, "previous-version").get(0);
        assertEquals("jars/api-0.36.0.jar", previous.getAttribute("filename"));
        assertEquals(TestJars.jarChecksum(dir.resolve("site/jars/api-0.36.0.jar-" + TS1)),
                previous.getAttribute("checksum"));
        List<String> dependencies = new ArrayList<>();
        for (Element d : children(children(byFilename(root, "jars/colorizer.jar"), "version").get(0), "dependency")) {
            dependencies.add(d.getAttribute("filename") + "@" + d.getAttribute("timestamp"));
        }
        assertTrue(dependencies.contains("jars/api-0.37.0.jar@" + TS2), dependencies.toString());
        assertTrue(dependencies.contains("jars/pytorch-engine-0.36.0.jar@" + TS1), dependencies.toString());
    }

    @Test
    void rejectsMissingJarsBadTimestampsAndTimestampsNotLater() throws Exception {
        assertThrows(ColorizerException.class, () -> UpdateSiteBuilder.build(lib, plugin, site, "2025-01-02"));
        assertThrows(ColorizerException.class, () -> UpdateSiteBuilder.build(lib, plugin, site, "20251302030405"));
        assertThrows(ColorizerException.class,
                () -> UpdateSiteBuilder.build(lib, dir.resolve("nope.jar"), site, TS1));
        UpdateSiteBuilder.build(lib, plugin, site, TS2);
        writePlugin("v2");
        ColorizerException earlier =
                assertThrows(ColorizerException.class, () -> UpdateSiteBuilder.build(lib, plugin, site, TS1));
        assertTrue(earlier.getMessage().contains("jars/colorizer.jar"), earlier.getMessage());
        Files.delete(lib.resolve("pytorch-jni-2.7.1-0.36.0.jar"));
        ColorizerException missing = assertThrows(ColorizerException.class,
                () -> UpdateSiteBuilder.build(lib, plugin, site, "20260101000000"));
        assertTrue(missing.getMessage().contains("pytorch-jni"), missing.getMessage());
    }

    @Test
    void nativeJarsMayComeFromASecondFolderAndAMissingOneIsNamed() throws Exception {
        Path natives = Files.createDirectories(dir.resolve("natives"));
        for (String classifier : new String[] {"osx-aarch64", "win-x86_64"}) {
            String name = "pytorch-native-cpu-2.7.1-" + classifier + ".jar";
            Files.move(lib.resolve(name), natives.resolve(name));
        }
        ColorizerException missing =
                assertThrows(ColorizerException.class, () -> UpdateSiteBuilder.build(lib, plugin, site, TS1));
        assertTrue(missing.getMessage().contains("pytorch-native-cpu-<version>-osx-aarch64.jar")
                && missing.getMessage().contains("update-site/build.sh"), missing.getMessage());
        assertFalse(Files.exists(site.resolve("db.xml.gz")), "nothing written");

        List<SiteRecord> records = UpdateSiteBuilder.build(List.of(lib, natives), plugin, site, TS1);
        assertEquals(11, records.size());
        assertEquals(List.of(), SiteContents.unaccounted(List.of(lib, natives)).stream()
                .filter(n -> !n.startsWith("gson") && !n.startsWith("slf4j") && !n.startsWith("jna"))
                .collect(Collectors.toList()));
    }

    @Test
    void aNewLibtorchForOnePlatformReplacesOnlyThatPlatformsJar() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);
        Files.delete(lib.resolve("pytorch-native-cpu-2.7.1-win-x86_64.jar"));
        Path newer = TestJars.write(lib.resolve("pytorch-native-cpu-2.7.2-win-x86_64.jar"),
                TestJars.entries("pytorch/cpu/win-x86_64/torch.dll", "newer"));
        UpdateSiteBuilder.build(lib, plugin, site, TS2);
        Element root = parseValidating(site.resolve("db.xml.gz")).getDocumentElement();
        assertEquals(11, children(root, "plugin").size());
        Element record = byFilename(root, "jars/pytorch-native-cpu-2.7.2-win-x86_64.jar");
        assertEquals(List.of("win64"), texts(children(record, "platform")));
        assertEquals(TestJars.jarChecksum(newer), children(record, "version").get(0).getAttribute("checksum"));
        assertEquals("jars/pytorch-native-cpu-2.7.1-win-x86_64.jar",
                children(record, "previous-version").get(0).getAttribute("filename"));
        for (String other : new String[] {"linux-x86_64", "osx-aarch64"}) {
            Element kept = byFilename(root, "jars/pytorch-native-cpu-2.7.1-" + other + ".jar");
            assertEquals(TS1, children(kept, "version").get(0).getAttribute("timestamp"), other);
            assertTrue(children(kept, "previous-version").isEmpty(), other);
        }
    }

    @Test
    void eachPlatformInstallsItsOwnLibtorchInTopLevelJars() throws Exception {
        UpdateSiteBuilder.build(lib, plugin, site, TS1);
        List<String> common = List.of("jars/api-0.36.0.jar", "jars/colorizer.jar", "jars/pytorch-engine-0.36.0.jar",
                "jars/pytorch-jni-2.7.1-0.36.0.jar", "jars/onnxruntime-1.22.0.jar");
        List<String> linux = List.of("jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "jars/onnxruntime-native-linux-x64-1.22.0.jar");
        List<String> windows = List.of("jars/pytorch-native-cpu-2.7.1-win-x86_64.jar",
                "jars/onnxruntime-native-win-x64-1.22.0.jar");
        List<String> mac = List.of("jars/pytorch-native-cpu-2.7.1-osx-aarch64.jar",
                "jars/onnxruntime-native-osx-aarch64-1.22.0.jar");
        java.util.Map<String, List<String>> nativeOf = java.util.Map.of(
                "linux64", linux,
                "win64", windows,
                "macos-arm64", mac,
                "macosx", mac, // updaters before 1.1, any Mac
                "macos64", mac); // Intel Mac: gets them, cannot use them
        for (java.util.Map.Entry<String, List<String>> e : nativeOf.entrySet()) {
            Path fiji = dir.resolve("Fiji " + e.getKey() + ".app");
            List<String> installed = FijiLayout.install(site, e.getKey(), fiji);
            Set<String> expected = new TreeSet<>(common);
            expected.addAll(e.getValue());
            assertEquals(expected, new TreeSet<>(installed), e.getKey());
            assertEquals(expected.size(), list(fiji.resolve("jars")).size(), e.getKey());
            // nothing in jars/<platform>/, which Jaunch would put on the module path
            assertEquals(List.of(), FijiLayout.modulePathFolders(fiji), e.getKey());
            assertNull(FijiLayout.moduleProblem(fiji.resolve("jars").resolve(e.getKey())));
        }
        assertTrue(FijiLayout.install(site, "linux-arm64", dir.resolve("arm")).stream()
                .noneMatch(n -> n.contains("native")));
    }

    @Test
    void theUpdaterTellsOnnxRuntimesJarsApartAndFollowsThemAcrossVersions() throws Exception {
        List<SiteRecord> first = UpdateSiteBuilder.build(lib, plugin, site, TS1);
        // the updater keys its files by the name without version (FileUtils.stripFilenameVersion): all distinct
        Set<String> stripped = first.stream().map(r -> FileUtils.stripFilenameVersion(r.filename))
                .collect(Collectors.toSet());
        assertEquals(first.size(), stripped.size(), stripped.toString());
        assertTrue(stripped.containsAll(List.of("jars/onnxruntime.jar", "jars/onnxruntime-native-linux-x64.jar",
                "jars/onnxruntime-native-win-x64.jar", "jars/onnxruntime-native-osx-aarch64.jar")),
                stripped.toString());
        // with the system after the version, the three would be one file to the updater
        assertEquals(FileUtils.stripFilenameVersion("jars/onnxruntime-native-1.22.0-linux-x64.jar"),
                FileUtils.stripFilenameVersion("jars/onnxruntime-native-1.22.0-win-x64.jar"));

        // a new ONNX Runtime: each of its four jars replaces its predecessor, under the same name to the updater
        Files.delete(lib.resolve("onnxruntime-1.22.0.jar"));
        TestJars.write(lib.resolve("onnxruntime-1.23.0.jar"), OnnxRuntimeJarsTest.fakeMavenEntries("2"));
        UpdateSiteBuilder.build(lib, plugin, site, TS2);
        Element root = parseValidating(site.resolve("db.xml.gz")).getDocumentElement();
        assertEquals(11, children(root, "plugin").size());
        for (String old : ORT) {
            String name = old.replace("1.22.0", "1.23.0");
            Element record = byFilename(root, name);
            assertEquals(TS2, children(record, "version").get(0).getAttribute("timestamp"), name);
            Element previous = children(record, "previous-version").get(0);
            assertEquals(old, previous.getAttribute("filename"));
            assertEquals(TestJars.jarChecksum(site.resolve(old + "-" + TS1)), previous.getAttribute("checksum"));
            assertEquals(FileUtils.stripFilenameVersion(old), FileUtils.stripFilenameVersion(name));
            assertEquals(PLATFORMS.getOrDefault(old, List.of()), texts(children(record, "platform")), name);
        }
        List<String> dependencies = new ArrayList<>();
        for (Element d : children(children(byFilename(root, "jars/colorizer.jar"), "version").get(0), "dependency")) {
            dependencies.add(d.getAttribute("filename"));
        }
        assertTrue(dependencies.containsAll(ORT.stream().map(n -> n.replace("1.22.0", "1.23.0"))
                .collect(Collectors.toList())), dependencies.toString());
    }

    @Test
    void theMavenJarOfOnnxRuntimeIsNeededAndAccountedFor() throws Exception {
        assertEquals(List.of(), SiteContents.unaccounted(lib).stream()
                .filter(n -> !n.startsWith("gson") && !n.startsWith("slf4j") && !n.startsWith("jna"))
                .collect(Collectors.toList()));
        Files.delete(lib.resolve("onnxruntime-1.22.0.jar"));
        ColorizerException missing =
                assertThrows(ColorizerException.class, () -> UpdateSiteBuilder.build(lib, plugin, site, TS1));
        assertTrue(missing.getMessage().contains("onnxruntime-<version>.jar"), missing.getMessage());
        assertFalse(Files.exists(site.resolve("db.xml.gz")), "nothing written");
    }

    @Test
    void theNativeJarsWouldStopAModulePath() throws Exception {
        // why the native jars stay on the class path: their automatic module names have hyphens
        Path folder = Files.createDirectories(dir.resolve("jars/linux64"));
        Files.copy(lib.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"),
                folder.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        String fake = FijiLayout.moduleProblem(folder);
        assertTrue(fake != null && fake.contains("ai.djl.pytorch_native_cpu_linux-x86_64"), fake);
        // the real jar on the test class path (not copied: 450 MB)
        java.net.URL resource = UpdateSiteBuilderTest.class.getResource("/native/lib/pytorch.properties");
        assertTrue(resource != null && resource.getProtocol().equals("jar"), String.valueOf(resource));
        String url = resource.getPath();
        Path realJar = java.nio.file.Paths.get(new java.net.URI(url.substring(0, url.indexOf("!/"))));
        String real = FijiLayout.moduleProblem(realJar);
        assertTrue(real != null && real.contains("ai.djl.pytorch_native_cpu_linux-x86_64") && real.contains("Invalid module name"),
                real);
        // the other jars of the site are accepted
        for (String name : new String[] {"api-0.36.0.jar", "pytorch-engine-0.36.0.jar", "pytorch-jni-2.7.1-0.36.0.jar"}) {
            assertNull(FijiLayout.moduleProblem(lib.resolve(name)), name);
        }
    }

    @Test
    void artifactNames() {
        assertEquals("api", SiteContents.artifactOf("jars/api-0.36.0.jar"));
        assertEquals("pytorch-jni", SiteContents.artifactOf("pytorch-jni-2.7.1-0.36.0.jar"));
        assertEquals("pytorch-native-cpu", SiteContents.artifactOf("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        assertEquals("colorizer", SiteContents.artifactOf("jars/colorizer.jar"));
        assertEquals("slf4j-simple", SiteContents.artifactOf("slf4j-simple-1.7.36.jar"));
        assertEquals("onnxruntime", SiteContents.artifactOf("onnxruntime-1.22.0.jar"));
        assertEquals("onnxruntime-native-linux-x64",
                SiteContents.artifactOf("jars/onnxruntime-native-linux-x64-1.22.0.jar"));
    }

    // -- helpers --

    /** Parses with DTD validation: any deviation from the updater's DTD fails the test. */
    private static Document parseValidating(Path dbXmlGz) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setValidating(true);
        factory.setIgnoringElementContentWhitespace(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder.parse(new ByteArrayInputStream(gunzip(dbXmlGz)));
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE && node.getNodeName().equals(tag)) {
                result.add((Element) node);
            }
        }
        return result;
    }

    private static Element byFilename(Element root, String filename) {
        return children(root, "plugin").stream().filter(p -> p.getAttribute("filename").equals(filename))
                .findFirst().orElseThrow(() -> new AssertionError("no record for " + filename));
    }

    private static List<String> texts(List<Element> elements) {
        return elements.stream().map(Element::getTextContent).collect(Collectors.toList());
    }

    private static Set<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
