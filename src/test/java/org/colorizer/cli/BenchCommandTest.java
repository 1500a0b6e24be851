package org.colorizer.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** bench with stand-in parts: one failing part costs only its own figures. */
class BenchCommandTest {
    private String out;
    private String err;

    private int bench(List<BenchCommand.Part> parts, String... args) throws Exception {
        return bench(false, parts, args);
    }

    private int bench(boolean check, List<BenchCommand.Part> parts, String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(Arrays.asList("bench"));
        argv.addAll(Arrays.asList(args));
        int status;
        try (PrintStream po = new PrintStream(o, true, "UTF-8"); PrintStream pe = new PrintStream(e, true, "UTF-8")) {
            status = new BenchCommand(huge -> parts, check).run(argv.toArray(new String[0]), po, pe);
        }
        out = o.toString(StandardCharsets.UTF_8.name());
        err = e.toString(StandardCharsets.UTF_8.name());
        return status;
    }

    private JsonObject lastLineJson() {
        String[] lines = out.trim().split("\\R");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    private static List<BenchCommand.Part> partsWithAFailure() {
        return Arrays.asList(
                new BenchCommand.Part("color", "first", into -> into.put("a_ms", 1.5)),
                new BenchCommand.Part("network", "second", into -> {
                    into.put("b_ms", 2.0); // measured before the failure: kept
                    throw new IllegalStateException("peer died \"badly\"\nsecond line");
                }),
                new BenchCommand.Part("memory", "third", into -> into.put("c_mb", 3.0)),
                new BenchCommand.Part("memory", "fourth", into -> {
                    throw new OutOfMemoryError("Java heap space");
                }));
    }

    @Test
    void aFailingPartIsReportedAndTheOthersStillPrintTheirFiguresAndTheJson() throws Exception {
        int status = bench(partsWithAFailure());
        assertEquals(1, status, out + err);
        assertTrue(out.contains("== first\n  a_ms"), out);
        assertTrue(out.contains("  b_ms"), "figures measured before the failure are printed: " + out);
        assertTrue(out.contains("FAILED: network: IllegalStateException: peer died"), out);
        assertTrue(out.contains("== third\n  c_mb"), "the parts after the failure still run: " + out);
        assertTrue(out.contains("FAILED: memory: OutOfMemoryError: Java heap space"), out);
        assertTrue(err.contains("network") && err.contains("peer died"), err);

        JsonObject json = lastLineJson();
        assertEquals(1.5, json.get("a_ms").getAsDouble());
        assertEquals(2.0, json.get("b_ms").getAsDouble());
        assertEquals(3.0, json.get("c_mb").getAsDouble());
        String failed = json.get("failed_parts").getAsString();
        assertTrue(failed.startsWith("network: IllegalStateException: peer died \"badly\"\nsecond line; "), failed);
        assertTrue(failed.endsWith("memory: OutOfMemoryError: Java heap space"), failed);
    }

    @Test
    void theConvolutionCheckIsInTheOutputAndTheJson() throws Exception {
        int status = bench(true, Arrays.asList(new BenchCommand.Part("color", "first", into -> into.put("a_ms", 1.0))));
        assertEquals(0, status, out + err);
        String want = org.colorizer.model.ConvCheck.report().status().key();
        assertTrue(want.equals("ok") || want.equals("fixed"), want);
        assertTrue(out.contains("== convolution known-answer check\n  conv_grad_check: " + want + " ("), out);
        JsonObject json = lastLineJson();
        assertEquals(want, json.get("conv_grad_check").getAsString());
        assertEquals(1.0, json.get("a_ms").getAsDouble());
        // every shape the check found wrong is listed under it
        for (org.colorizer.model.ConvCheck.Verdict v : org.colorizer.model.ConvCheck.report().wrong()) {
            assertTrue(out.contains("    " + v.signature), out);
        }
    }

    @Test
    void withoutFailuresTheStatusIsZeroAndTheJsonHasNoFailedParts() throws Exception {
        int status = bench(partsWithAFailure(), "--only", "color");
        assertEquals(0, status, out + err);
        assertFalse(out.contains("FAILED"), out);
        assertFalse(out.contains("second"), "--only runs only the named parts: " + out);
        JsonObject json = lastLineJson();
        assertEquals(1, json.size(), json.toString());
        assertEquals(1.5, json.get("a_ms").getAsDouble());
    }

    @Test
    void unknownPartsAreUsageErrorsAndTheStandardPartsAreTheDocumentedOnes() {
        assertThrows(Args.UsageException.class, () -> bench(partsWithAFailure(), "--only", "colour"));
        Set<String> names = new LinkedHashSet<>();
        for (BenchCommand.Part p : BenchCommand.standardSections(true)) {
            names.add(p.name);
        }
        assertEquals(Arrays.asList("color", "peak", "network", "colorize", "imported", "memory"), new ArrayList<>(names));
    }
}
