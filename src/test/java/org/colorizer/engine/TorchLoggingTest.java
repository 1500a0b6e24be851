package org.colorizer.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.colorizer.testutil.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch's warnings (NNPACK's "Unsupported hardware", once per small convolution on CPUs NNPACK does not know)
 * are written by native code to file descriptor 2, so the convolutions run in a child JVM whose standard error
 * is read here.
 */
class TorchLoggingTest {
    @TempDir
    Path dir;

    private static final class Child {
        int status;
        String out;
        String err;
    }

    /** Runs {@link NnpackProbe} with this test's class path; {@code userLevel} null: TORCH_CPP_LOG_LEVEL unset. */
    private Child probe(String userLevel) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(TestJvm.privatePreferences());
        if (System.getProperty("colorizer.cache") != null) {
            cmd.add("-Dcolorizer.cache=" + System.getProperty("colorizer.cache"));
        }
        cmd.add(NnpackProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(TorchLogging.ENV);
        if (userLevel != null) {
            pb.environment().put(TorchLogging.ENV, userLevel);
        }
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the probe JVM did not finish in 180 s");
        }
        Child c = new Child();
        c.status = p.exitValue();
        c.out = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
        c.err = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
        return c;
    }

    @Test
    void convolutionsPrintNoNnpackWarning() throws Exception {
        Child c = probe(null);
        assertEquals(0, c.status, c.out + c.err);
        assertFalse(c.err.contains("NNPACK") || c.out.contains("NNPACK"),
                "libtorch's warnings reach standard error:\n" + c.err);
        // where libc10 exports the flag (the libtorch this build ships), it is at ERROR
        if (!c.out.contains("level=null")) {
            assertTrue(c.out.contains("level=" + TorchLogging.ERROR), c.out);
        }
    }

    @Test
    void anInheritedErrorLevelHidesTheWarningsToo() throws Exception {
        // Engines sets TORCH_CPP_LOG_LEVEL=ERROR natively, and processes started from a JVM that loaded the engine
        // (the tests' command-line runs, bench's forked JVM) inherit it
        Child c = probe("ERROR");
        assertEquals(0, c.status, c.out + c.err);
        assertFalse(c.err.contains("NNPACK") || c.out.contains("NNPACK"), c.err);
    }

    @Test
    void aLevelTheUserSetIsApplied() throws Exception {
        Child c = probe("warning");
        assertEquals(0, c.status, c.out + c.err);
        if (!c.out.contains("level=null")) {
            assertTrue(c.out.contains("level=1"), "the user's TORCH_CPP_LOG_LEVEL wins: " + c.out);
        }
    }

    @Test
    void levelsAreReadAsC10ReadsThem() {
        assertEquals(TorchLogging.ERROR, TorchLogging.levelFor(null));
        assertEquals(TorchLogging.ERROR, TorchLogging.levelFor(""));
        assertEquals(0, TorchLogging.levelFor("info"));
        assertEquals(0, TorchLogging.levelFor("0"));
        assertEquals(1, TorchLogging.levelFor("WARNING"));
        assertEquals(2, TorchLogging.levelFor("Error"));
        assertEquals(3, TorchLogging.levelFor("3"));
        assertNull(TorchLogging.levelFor("loud"), "a value c10 would reject leaves the level alone");
        assertNull(TorchLogging.levelFor("4"));
    }

    @Test
    void findsTheLoadedLibc10() {
        Engines.pytorch();
        Path c10 = TorchLogging.loadedLibraryPath("libc10.so");
        if (Files.isReadable(Paths.get("/proc/self/maps"))) {
            assertNotNull(c10, "libc10.so in /proc/self/maps once the engine is loaded");
            assertTrue(Files.isRegularFile(c10), c10.toString());
            assertNotNull(TorchLogging.level(), "FLAGS_caffe2_log_level is exported by " + c10);
        }
        assertNull(TorchLogging.loadedLibraryPath("no-such-library.so"));
    }
}
