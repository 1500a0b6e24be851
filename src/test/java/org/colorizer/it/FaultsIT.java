package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.colorizer.io.ImageFiles;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestJvm;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 at random moments: nothing is ever half-written, and a rerun or --resume picks up the work. */
class FaultsIT {
    @TempDir
    Path dir;

    private static Process start(Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(TestJvm.privatePreferences());
        cmd.add("-jar");
        cmd.add(Paths.get("target", "colorizer.jar").toAbsolutePath().toString());
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("log.txt").toFile()).start();
    }

    @Test
    void killDuringTrainingNeverLeavesHalfWrittenFilesAndResumeContinues() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 6, 40, 40);
        Path out = dir.resolve("k.zip");
        Path cp = dir.resolve("k.checkpoint.zip");
        String[] train = {"train", "--data", data.toString(), "--out", out.toString(), "--size", "32", "--levels",
            "3", "--filters", "4", "--epochs", "400", "--batch", "2", "--steps-per-epoch", "5", "--checkpoint-every",
            "2", "--quiet"};
        Random rnd = new Random(42);
        long lastStep = -1;
        int kills = 0;
        for (int round = 0; round < 6; round++) {
            List<String> args = new ArrayList<>(Arrays.asList(train));
            if (Files.exists(cp)) {
                args.add("--resume");
                args.add(cp.toString());
            }
            Process p = start(dir, args.toArray(new String[0]));
            if (round == 0) {
                // the first run is killed only once it has written a checkpoint (on a loaded machine starting
                // libtorch alone can take longer than the random delay below)
                for (int i = 0; i < 1200 && !Files.exists(cp) && p.isAlive(); i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(rnd.nextInt(2000));
            } else {
                Thread.sleep(4000 + rnd.nextInt(4000));
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            p.waitFor();
            kills++;
            // whatever exists is complete and readable; temp files may remain but are never taken for outputs
            if (Files.exists(cp)) {
                ModelFile.Contents c = ModelFile.read(cp);
                assertTrue(c.description.steps >= lastStep, "checkpoints only move forward");
                lastStep = c.description.steps;
            }
            if (Files.exists(out)) {
                ModelFile.read(out);
            }
        }
        assertTrue(lastStep > 0, "training made progress across " + kills + " kills; log:\n"
                + Files.readString(dir.resolve("log.txt")));
        // a final resume runs to a clean end of the current epoch
        Process p = start(dir, "train", "--data", data.toString(), "--out", out.toString(), "--resume", cp.toString(),
                "--epochs", String.valueOf(lastStep / 5 + 2), "--quiet");
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("log.txt")));
        String log = Files.readString(dir.resolve("log.txt"));
        assertTrue(log.contains("Resumed from"), log);
        assertTrue(ModelFile.read(out).description.steps >= lastStep);
    }

    @Test
    void killDuringColorizeFolderLeavesOnlyCompleteOutputsAndRerunFinishes() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 1);
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 40; i++) {
            Synthetic.writePng(in.resolve(String.format("p%03d.png", i)), Synthetic.photo(300, 200, i), 300, 200);
        }
        Path outDir = dir.resolve("out");
        Process p = start(dir, "colorize", "--model", model.toString(), "--out", outDir.toString(), in.toString());
        for (int i = 0; i < 400 && countPng(outDir) < 5; i++) {
            Thread.sleep(25);
        }
        p.destroyForcibly();
        p.waitFor();
        int before = countPng(outDir);
        assertTrue(before >= 5 && before < 40, "killed mid-run with " + before + " done");
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".png")).collect(Collectors.toList())) {
                assertEquals(300, ImageFiles.readRgb(f).width(), "complete output " + f);
            }
        }
        Process again = start(dir, "colorize", "--model", model.toString(), "--out", outDir.toString(), in.toString());
        assertEquals(0, again.waitFor());
        String log = new String(Files.readAllBytes(dir.resolve("log.txt")), StandardCharsets.UTF_8);
        assertTrue(log.contains((40 - before) + " colorized, " + before + " skipped"), log);
        assertEquals(40, countPng(outDir));
    }

    private static int countPng(Path d) throws Exception {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return (int) s.filter(f -> f.getFileName().toString().matches("p\\d{3}\\.png")).count();
        }
    }
}
