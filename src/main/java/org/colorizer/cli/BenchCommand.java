package org.colorizer.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.colorizer.bench.ColorBench;
import org.colorizer.bench.ColorizeBench;
import org.colorizer.bench.NetworkBench;

import org.colorizer.bench.PeakBench;

/** {@code bench}: throughput figures of this machine; the last line is one JSON object. */
final class BenchCommand implements Main.Command {
    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("only"));
    private static final Set<String> FLAGS = new HashSet<>(Arrays.asList("no-huge"));

    @Override
    public String summary() {
        return "measure throughput (color, tensors, compute peak, network, training, colorize); JSON last line";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar bench [--only PARTS] [--no-huge]",
                "",
                "  --only PARTS   comma-separated: color, peak, network, colorize, memory (default: all)",
                "  --no-huge      skip the 20,000 x 20,000 image (forked JVM with -Xmx4g)",
                "",
                "Runs on all cores; the machine should be otherwise idle. The last line is one JSON object.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, 1, VALUED, FLAGS);
        Set<String> parts = new HashSet<>(Arrays.asList(a.string("only", "color,peak,network,colorize,memory").split(",")));
        for (String p : parts) {
            if (!Arrays.asList("color", "peak", "network", "colorize", "memory").contains(p.trim())) {
                throw new Args.UsageException("--only: unknown part '" + p + "'");
            }
        }
        Map<String, Double> all = new LinkedHashMap<>();
        if (parts.contains("color")) {
            section(out, "color and tensors", ColorBench.run(), all);
        }
        if (parts.contains("peak")) {
            section(out, "libtorch compute peak", PeakBench.run(), all);
        }
        if (parts.contains("network")) {
            section(out, "networks and training step", NetworkBench.run(), all);
        }
        if (parts.contains("colorize")) {
            section(out, "colorize", ColorizeBench.run(!a.flag("no-huge")), all);
        }
        if (parts.contains("memory")) {
            section(out, "memory over a 2,000-image folder", ColorizeBench.memory(), all);
            section(out, "memory over 1,000 training steps", ColorizeBench.trainingMemory(), all);
        }
        if (all.containsKey("train_gflops") && all.containsKey("peak_gflops")) {
            all.put("train_share_of_peak", all.get("train_gflops") / all.get("peak_gflops"));
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Double> e : all.entrySet()) {
            if (json.length() > 1) {
                json.append(", ");
            }
            double v = e.getValue();
            json.append('"').append(e.getKey()).append("\": ")
                    .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null");
        }
        out.println(json.append('}'));
        return 0;
    }

    private static void section(PrintStream out, String title, Map<String, Double> m, Map<String, Double> all) {
        out.println("== " + title);
        for (Map.Entry<String, Double> e : m.entrySet()) {
            out.printf(Locale.ROOT, "  %-32s %.4g%n", e.getKey(), e.getValue());
        }
        out.flush();
        all.putAll(m);
    }
}
