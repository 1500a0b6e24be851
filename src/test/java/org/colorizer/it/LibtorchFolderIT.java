package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.colorizer.engine.Engines;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU-server set-up without a GPU: PYTORCH_LIBRARY_PATH names a folder of libtorch 2.7.1 (here the CPU
 * libraries, linked from DJL's cache into a folder whose name has spaces), PYTORCH_FLAVOR is not set. Before
 * LibtorchLocation, DJL failed there with "Resource not found in classpath: jnilib/linux-x86_64/cpu-precxx11/...".
 */
class LibtorchFolderIT {
    @TempDir
    Path dir;

    static final class Result {
        int status;
        String out;
    }

    static Result cli(Path workDir, String libraryPath, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(org.colorizer.testutil.TestJvm.privatePreferences());
        cmd.add("-jar");
        cmd.add(Paths.get("target", "colorizer.jar").toAbsolutePath().toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("PYTORCH_FLAVOR");
        pb.environment().put("PYTORCH_LIBRARY_PATH", libraryPath);
        Process p = pb.start();
        Result r = new Result();
        r.out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        r.status = p.waitFor();
        return r;
    }

    /** A libtorch folder: links to the CPU libraries DJL extracted from the native jar (no copy of 450 MB). */
    Path cpuLibtorchFolder() throws IOException {
        Engines.pytorch();
        Path extracted = Paths.get(LibUtils.getLibtorchPath());
        Path folder = Files.createDirectories(dir.resolve("lib torch 2.7.1/lib"));
        try (Stream<Path> files = Files.list(extracted)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.endsWith("djl_torch.so")) {
                    Files.createSymbolicLink(folder.resolve(name), f.toAbsolutePath());
                }
            }
        }
        assertTrue(Files.exists(folder.resolve("libtorch.so")) && Files.exists(folder.resolve("libc10.so")));
        return folder;
    }

    @Test
    void aLibtorchFolderWorksWithoutPytorchFlavor() throws Exception {
        Path folder = cpuLibtorchFolder();
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 2);
        Path in = Synthetic.folder(dir.resolve("in"), 1, 30, 20);
        Result r = cli(dir, folder.toString(), "colorize", "--model", model.toString(), "--out",
                dir.resolve("out").toString(), in.toString());
        assertEquals(0, r.status, r.out);
        assertTrue(Files.isRegularFile(dir.resolve("out/img00.png")), r.out);

        Result doctor = cli(dir, folder.toString(), "doctor");
        assertEquals(0, doctor.status, doctor.out);
        assertTrue(doctor.out.contains("\nlibtorch from: " + folder.toAbsolutePath() + "\n"), doctor.out);
        assertTrue(doctor.out.contains("\nlibtorch flavor: cpu (no libtorch_cuda.so in the folder)\n"), doctor.out);
        assertTrue(doctor.out.contains("\nenv PYTORCH_LIBRARY_PATH: " + folder + "\n"), doctor.out);

        Result bad = cli(dir, dir.resolve("no such folder").toString(), "colorize", "--model", model.toString(),
                in.toString());
        assertEquals(1, bad.status, bad.out);
        assertTrue(bad.out.contains("no such folder does not exist") && bad.out.contains("cu128"), bad.out);
        Result badDoctor = cli(dir, dir.resolve("no such folder").toString(), "doctor");
        assertEquals(1, badDoctor.status, badDoctor.out);
        assertTrue(badDoctor.out.contains("\nengine: FAILED: PYTORCH_LIBRARY_PATH="), badDoctor.out);
        assertTrue(badDoctor.out.contains("\njava: "), "the rest of the report is there: " + badDoctor.out);
    }
}
