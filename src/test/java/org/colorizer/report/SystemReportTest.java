package org.colorizer.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.colorizer.Version;
import org.colorizer.engine.Engines;
import org.colorizer.model.ConvCheck;
import org.junit.jupiter.api.Test;

class SystemReportTest {

    static String line(SystemReport report, String name) {
        return report.lines().stream().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + name + "' line in\n" + report.text()));
    }

    @Test
    void theReportHasTheKeyLinesWithRealValues() {
        SystemReport r = SystemReport.create();
        assertTrue(r.engineLoaded(), r.text());
        assertEquals("colorizer " + Version.get(), line(r, "plugin"));
        assertEquals("general, he", line(r, "built-in models"));
        assertTrue(line(r, "java").startsWith(System.getProperty("java.version") + " ("), r.text());
        assertTrue(line(r, "java").contains(System.getProperty("java.vendor")), r.text());
        assertTrue(line(r, "os").startsWith(System.getProperty("os.name")), r.text());
        assertTrue(line(r, "os").endsWith(System.getProperty("os.arch")), r.text());
        assertEquals(Runtime.getRuntime().availableProcessors() + " available to Java", line(r, "processors"));
        assertEquals("2.7.1", line(r, "libtorch"));
        if (System.getenv("PYTORCH_LIBRARY_PATH") == null) {
            assertEquals("cpu (the built-in CPU build)", line(r, "libtorch flavor"));
        }
        assertTrue(Files.isRegularFile(Paths.get(line(r, "libtorch from")).resolve(System.mapLibraryName("torch"))),
                r.text());
        assertTrue(line(r, "torch threads").matches("[0-9]+ intra-op, [0-9]+ inter-op"), r.text());
        assertTrue(line(r, "gpus").startsWith("none (") || line(r, "gpus").matches("[0-9]+;.*"), r.text());
        String conv = line(r, "conv check");
        assertTrue(conv.startsWith(ConvCheck.report().status().key() + " ("), conv);
        // the variables that matter, as libtorch sees them
        assertEquals(System.getenv("PYTORCH_LIBRARY_PATH") == null ? "(unset)" : System.getenv("PYTORCH_LIBRARY_PATH"),
                line(r, "env PYTORCH_LIBRARY_PATH"));
        String omp = line(r, "env OMP_WAIT_POLICY");
        assertEquals(System.getenv("OMP_WAIT_POLICY") == null ? "PASSIVE (set by the plugin)"
                : System.getenv("OMP_WAIT_POLICY"), omp);
        assertEquals(System.getenv(Engines.HUGE_PAGES) == null ? "1 (set by the plugin)"
                : System.getenv(Engines.HUGE_PAGES), line(r, "env " + Engines.HUGE_PAGES));
        line(r, "env PYTORCH_FLAVOR");
        line(r, "cpu");
        line(r, "cpu flags");
        if (Files.isReadable(Paths.get("/proc/cpuinfo"))) {
            assertFalse(line(r, "cpu").startsWith("("), r.text());
        }
    }

    @Test
    void cpuModelAndInstructionSetsFromProcCpuinfo() {
        SystemReport.Cpu x86 = SystemReport.Cpu.parse(List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
                "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni", "", "processor\t: 1",
                "model name\t: ignored", "flags\t\t: fpu"));
        assertEquals("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", x86.model);
        assertEquals("sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni", x86.flags);
        SystemReport.Cpu arm = SystemReport.Cpu.parse(List.of("processor\t: 0", "Features\t: fp asimd evtstrm sve"));
        assertEquals("(unknown model)", arm.model);
        assertEquals("asimd sve", arm.flags);
        assertEquals("(not listed)", SystemReport.Cpu.parse(List.of()).flags);
    }
}
