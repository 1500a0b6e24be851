package org.colorizer.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's help, usage errors and exit codes. */
class MainTest {

    static final class Run {
        int status;
        String out;
        String err;
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Run r = new Run();
        r.status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        r.out = o.toString(StandardCharsets.UTF_8);
        r.err = e.toString(StandardCharsets.UTF_8);
        return r;
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        assertEquals(0, r.status);
        for (String c : new String[] {"colorize", "train", "evaluate", "info", "convert", "bench"}) {
            assertTrue(r.out.contains("  " + c), c + " listed in\n" + r.out);
        }
    }

    @Test
    void unknownCommandAndOptionsExitWithTwoAndOneLineHint() {
        Run r = run("paint");
        assertEquals(2, r.status);
        assertEquals(1, r.err.trim().split("\n").length, r.err);
        assertTrue(r.err.contains("unknown command 'paint'") && r.err.contains("--help"));

        Run o = run("train", "--frobnicate", "3");
        assertEquals(2, o.status);
        assertTrue(o.err.contains("unknown option --frobnicate"), o.err);
        assertEquals(1, o.err.trim().split("\n").length, o.err);

        Run m = run("train", "--data");
        assertEquals(2, m.status);
        assertTrue(m.err.contains("--data needs a value"), m.err);

        Run n = run("train", "--data", "x", "--out", "y.zip", "--epochs", "many");
        assertEquals(2, n.status);
        assertTrue(n.err.contains("--epochs must be a whole number"), n.err);

        assertEquals(2, run().status);
    }

    @Test
    void badValuesAreClearErrorsNotCrashes() {
        Run z = run("train", "--data", "x", "--out", "y.zip", "--batch", "0");
        assertEquals(2, z.status);
        assertTrue(z.err.contains("--batch must be at least 1"), z.err);

        Run d = run("train", "--data", "/nonexistent-folder", "--out", "y.zip", "--device", "tpu");
        assertEquals(1, d.status);
        assertTrue(d.err.contains("unknown device 'tpu'"), d.err);

        Run s = run("train", "--data", "/nonexistent-folder", "--out", "y.zip", "--size", "100", "--levels", "6");
        assertEquals(1, s.status);
        assertTrue(s.err.contains("size: 100 must be a multiple of 2^levels"), s.err);

        Run f = run("train", "--data", "/nonexistent-folder", "--out", "y.zip");
        assertEquals(1, f.status);
        assertTrue(f.err.contains("/nonexistent-folder is not a folder"), f.err);
        assertFalse(f.err.contains("Exception"), "no stack trace: " + f.err);
    }

    @Test
    void commandHelpShowsOptions() {
        Run r = run("train", "--help");
        assertEquals(0, r.status);
        assertTrue(r.out.contains("--pretrain-epochs") && r.out.contains("--resume"));
        Run c = run("colorize", "--help");
        assertTrue(c.out.contains("--overwrite") && c.out.contains("--tile"));
    }
}
