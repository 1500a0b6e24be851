package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The built jar carries the SciJava plugin index from which Fiji builds its menus. */
class PluginIndexIT {

    @Test
    void jarListsTheFourCommandsWithMenuPaths() throws Exception {
        Path jar = Paths.get("target", "colorizer.jar");
        assertTrue(Files.isRegularFile(jar), "mvn package built " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry e = j.getEntry("META-INF/json/org.scijava.plugin.Plugin");
            assertNotNull(e, "plugin index in the jar");
            String index;
            try (InputStream in = j.getInputStream(e)) {
                index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[][] expected = {
                {"org.colorizer.fiji.ColorizeImage", "Plugins>Colorization>Colorize"},
                {"org.colorizer.fiji.TrainColorizer", "Plugins>Colorization>Train Colorizer"},
                {"org.colorizer.fiji.ColorizeFolder", "Plugins>Colorization>Colorize Folder"},
                {"org.colorizer.fiji.SystemReportCommand", "Plugins>Colorization>About / System Report"},
                {"org.colorizer.fiji.ImportNetwork", "Plugins>Colorization>Import Network"},
                {"org.colorizer.fiji.ExportModel", "Plugins>Colorization>Export Model"},
            };
            for (String[] c : expected) {
                int at = index.indexOf("\"class\":\"" + c[0] + "\"");
                assertTrue(at >= 0, c[0] + " in\n" + index);
                int end = index.indexOf("}}", at);
                String record = index.substring(at, end);
                assertTrue(record.contains("\"menuPath\":\"" + c[1] + "\""), record);
                assertTrue(record.contains("\"type\":\"org.scijava.command.Command\""), record);
                assertTrue(record.contains("\"headless\":true"), record);
            }
            assertTrue(index.contains("org.colorizer.fiji.ColorizerService"));
            // and the command line is runnable from the jar
            assertEquals("org.colorizer.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            String cp = j.getManifest().getMainAttributes().getValue("Class-Path");
            assertTrue(cp.contains("lib/pytorch-engine-0.36.0.jar"), cp);
            assertTrue(cp.contains("lib/pytorch-native-cpu-2.7.1-linux-x86_64.jar"), cp);
        }
    }
}
