package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestJvm;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users run it: java -jar target/colorizer.jar ... */
class CommandLineIT {
    @TempDir
    Path dir;

    static final class Result {
        int status;
        String out;
    }

    static Result cli(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(TestJvm.privatePreferences());
        cmd.add("-jar");
        cmd.add(Paths.get("target", "colorizer.jar").toAbsolutePath().toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        Result r = new Result();
        r.out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        r.status = p.waitFor();
        return r;
    }

    @Test
    void colorizeWritesSkipsOverwritesAndReportsFailures() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 2);
        Path in = Synthetic.folder(dir.resolve("in dir ü"), 3, 30, 20);
        Files.createDirectories(in.resolve("sub"));
        Synthetic.writePng(in.resolve("sub/deep.png"), Synthetic.photo(25, 25, 9), 25, 25);

        Result r = cli(dir, "colorize", "--model", model.toString(), in.toString());
        assertEquals(0, r.status, r.out);
        assertTrue(r.out.contains("4 colorized, 0 skipped"), r.out);
        assertTrue(Files.isRegularFile(in.resolve("colorized/img00.png")), "default: colorized/ beside each input");
        assertTrue(Files.isRegularFile(in.resolve("sub/colorized/deep.png")));
        assertTrue(r.out.contains("images/s"), r.out);

        Result again = cli(dir, "colorize", "--model", model.toString(), in.toString());
        assertEquals(0, again.status, again.out);
        assertTrue(again.out.contains("0 colorized, 4 skipped"), "own outputs are not inputs; existing are skipped: " + again.out);

        long before = Files.getLastModifiedTime(in.resolve("colorized/img00.png")).toMillis();
        Thread.sleep(20);
        Result over = cli(dir, "colorize", "--model", model.toString(), "--overwrite", in.resolve("img00.png").toString());
        assertEquals(0, over.status, over.out);
        assertTrue(Files.getLastModifiedTime(in.resolve("colorized/img00.png")).toMillis() >= before);

        Files.write(in.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Path out = dir.resolve("out");
        Result failed = cli(dir, "colorize", "--model", model.toString(), "--out", out.toString(), in.toString());
        assertEquals(1, failed.status, failed.out);
        assertTrue(failed.out.contains("4 colorized, 0 skipped (output exists), 1 failed"), failed.out);
        assertTrue(failed.out.contains("failed: " + in.resolve("broken.jpg")), failed.out);
        assertTrue(Files.isRegularFile(out.resolve("sub/deep.png")), "sub-folders kept under --out");

        // the output folder is the input folder: inputs are never overwritten
        Path same = Synthetic.folder(dir.resolve("same"), 1, 20, 20);
        byte[] original = Files.readAllBytes(same.resolve("img00.png"));
        Result clash = cli(dir, "colorize", "--model", model.toString(), "--out", same.toString(), "--overwrite",
                same.resolve("img00.png").toString());
        assertEquals(1, clash.status, clash.out);
        assertTrue(clash.out.contains("would overwrite an input"), clash.out);
        assertArrayEquals(original, Files.readAllBytes(same.resolve("img00.png")));
    }

    @Test
    void infoPrintsTheDescriptionAndBadModelIsAClearError() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 2);
        Result info = cli(dir, "info", model.toString());
        assertEquals(0, info.status, info.out);
        assertTrue(info.out.contains("\"formatVersion\": 1"), info.out);
        Path bad = Files.write(dir.resolve("bad.zip"), "not a zip".getBytes(StandardCharsets.UTF_8));
        Result r = cli(dir, "colorize", "--model", bad.toString(), dir.toString());
        assertEquals(1, r.status);
        assertTrue(r.out.contains("bad.zip") && !r.out.contains("at org."), r.out);
        Result usage = cli(dir, "colorize", "--nope");
        assertEquals(2, usage.status);
        // convert to float16: half the weights' size, the same description, loadable
        Result half = cli(dir, "convert", model.toString(), "--out", dir.resolve("h.zip").toString(), "--half");
        assertEquals(0, half.status, half.out);
        assertTrue(java.nio.file.Files.size(dir.resolve("h.zip")) < java.nio.file.Files.size(model));
        assertTrue(cli(dir, "info", dir.resolve("h.zip").toString()).out.contains("\"dtype\": \"float16\""));
        assertEquals(1, cli(dir, "convert", model.toString(), "--out", model.toString()).status, "never the input");
    }

    @Test
    void trainsFromTheCommandLine() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 4, 40, 40);
        Result r = cli(dir, "train", "--data", data.toString(), "--out", dir.resolve("t.zip").toString(), "--size",
                "32", "--levels", "3", "--filters", "4", "--epochs", "2", "--batch", "2", "--pretrain-epochs", "1");
        assertEquals(0, r.status, r.out);
        assertTrue(r.out.contains("epoch 2/2 done"), r.out);
        assertTrue(Files.isRegularFile(dir.resolve("t.checkpoint.zip")));
        assertTrue(Files.isRegularFile(dir.resolve("t-preview.png")));
        assertFalse(r.out.contains("NNPACK"), "libtorch's NNPACK warnings are hidden: " + r.out);
    }
}
