package org.colorizer.testutil;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.prefs.PrefService;

/**
 * The tests leave the user's Java preferences as they were: SciJava's PrefService persists every command input
 * it sees (the tests' temporary model files and folders), and a later SciJava client (Fiji's headless runner)
 * would silently reuse those values. pom.xml points the test JVMs' preference roots into target/; this fails
 * where that is lost, and checks that a value stored the way the Fiji commands' inputs are stored lands there
 * and not in the home folder. (PrivatePreferencesIT runs the same under failsafe.)
 */
public class PrivatePreferencesTest {

    @Test
    void preferencesOfTheTestJvmAreKeptUnderTarget() throws Exception {
        Path target = Paths.get("target").toAbsolutePath().normalize();
        for (String key : TestJvm.PREFERENCE_ROOTS) {
            String root = System.getProperty(key);
            assertNotNull(root, key + " is not set: the tests would write the user's Java preferences (pom.xml, "
                    + "test.preferences in surefire's and failsafe's argLine)");
            assertTrue(Paths.get(root).toAbsolutePath().normalize().startsWith(target), key + "=" + root
                    + " is not under " + target);
        }

        // stored and flushed as SciJava stores a command's inputs
        String marker = "colorizer-prefs-probe-" + UUID.randomUUID();
        Context context = new Context(PrefService.class);
        try {
            PrefService prefs = context.service(PrefService.class);
            prefs.put(PrivatePreferencesTest.class, "probe", marker);
            Preferences.userRoot().flush();
            assertTrue(contains(Paths.get(System.getProperty("java.util.prefs.userRoot")), marker),
                    "the value is in the private preferences root");
            Path home = Paths.get(System.getProperty("user.home"), ".java", ".userPrefs");
            assertFalse(contains(home, marker), "the value reached the user's preferences in " + home);
            prefs.remove(PrivatePreferencesTest.class, "probe");
            Preferences.userRoot().flush();
        } finally {
            context.dispose();
        }
    }

    /** Whether any file under {@code root} contains {@code text}. */
    private static boolean contains(Path root, String text) throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
