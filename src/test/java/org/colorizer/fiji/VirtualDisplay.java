package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.colorizer.testutil.TestJvm;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a window test on a real X display (the approach of {@link TrainingMonitorDisplayTest}, shared): Surefire
 * runs tests headless, so the scenario runs in a child JVM with {@code -Djava.awt.headless=false} on a private
 * Xvfb screen started here (Debian's {@code xvfb}, found on the PATH), else on {@code $DISPLAY}; with neither the
 * test is skipped and says so. The child's {@code main(String[] {outDir})} exits 0 when all is well,
 * {@link #NO_TOOLKIT} when this JDK has no AWT toolkit, anything else on failure; its output goes to
 * {@code OUT/child.log}, Xvfb's to {@code OUT/xvfb.log}.
 */
final class VirtualDisplay {
    static final int NO_TOOLKIT = 3;

    private VirtualDisplay() {}

    /** Runs {@code main} on a display; returns the child's log (or null when run in-process on a desktop). */
    static String run(Class<?> main, Path out, String screen, int timeoutSeconds, String what) throws Exception {
        Files.createDirectories(out);
        Path xvfb = onPath("Xvfb");
        String env = System.getenv("DISPLAY");
        Process server = null;
        String display;
        if (xvfb != null) {
            // -displayfd: Xvfb picks a free display number and prints it once it accepts connections
            server = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp")
                    .redirectError(out.resolve("xvfb.log").toFile()).start();
            Process s = server;
            CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            String n;
            try {
                n = number.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                n = null;
            }
            if (n == null || !n.trim().matches("\\d+")) {
                server.destroy();
                fail("Xvfb (" + xvfb + ") did not start; see " + out.resolve("xvfb.log"));
            }
            display = ":" + n.trim();
        } else if (env != null && !env.isEmpty()) {
            display = env;
        } else {
            String why = "SKIPPED " + what + ": no X display. Xvfb is not on the PATH and DISPLAY is unset; install "
                    + "Debian's xvfb (apt-get install -y xvfb) to run it";
            System.err.println(why);
            Assumptions.abort(why);
            return null;
        }
        try {
            Path log = out.resolve("child.log");
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(
                    List.of(java, "-Xmx1g", "-Djava.awt.headless=false"));
            cmd.addAll(TestJvm.privatePreferences());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), out.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DISPLAY", display);
            Process child = pb.start();
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail(what + " did not finish within " + timeoutSeconds + " s on display " + display + "; see " + log);
            }
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (child.exitValue() == NO_TOOLKIT) {
                String why = "SKIPPED " + what + ": " + text.trim() + " (install a JRE with AWT, e.g. Debian's "
                        + "openjdk-17-jre)";
                System.err.println(why);
                Assumptions.abort(why);
            }
            assertEquals(0, child.exitValue(), "on display " + display + ":\n" + text);
            return text;
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** In the child: exits with {@link #NO_TOOLKIT} if AWT cannot reach the display. */
    static void checkToolkit() {
        try {
            java.awt.Toolkit.getDefaultToolkit().getScreenSize();
        } catch (UnsatisfiedLinkError | java.awt.AWTError e) {
            System.out.println("no X11 toolkit in " + System.getProperty("java.home") + ": " + e);
            System.exit(NO_TOOLKIT);
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Paths.get(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
