package org.colorizer.testutil;

import java.util.ArrayList;
import java.util.List;

/** Flags for the JVMs that tests start themselves, so those too keep out of the user's Java preferences. */
public final class TestJvm {
    /** The properties that pom.xml sets for the test JVMs (see PrivatePreferencesTest). */
    public static final String[] PREFERENCE_ROOTS = {"java.util.prefs.userRoot", "java.util.prefs.systemRoot"};

    private TestJvm() {}

    /** {@code -Dkey=value} for this JVM's private preference roots (none where they are not set). */
    public static List<String> privatePreferences() {
        List<String> flags = new ArrayList<>();
        for (String key : PREFERENCE_ROOTS) {
            String v = System.getProperty(key);
            if (v != null) {
                flags.add("-D" + key + "=" + v);
            }
        }
        return flags;
    }
}
