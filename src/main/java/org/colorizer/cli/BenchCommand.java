package org.colorizer.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.colorizer.ColorizerException;
import org.colorizer.bench.ColorBench;
import org.colorizer.bench.ColorizeBench;
import org.colorizer.bench.NetworkBench;
import org.colorizer.bench.PeakBench;
import org.colorizer.model.ConvCheck;

/**
 * {@code bench}: throughput figures of this machine; the last line is one JSON object. A part that fails is
 * reported (its name and message, in its section and as {@code failed_parts} in the JSON) and the others still
 * run; the exit status is then 1.
 */
final class BenchCommand implements Main.Command {
    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("only"));
    private static final Set<String> FLAGS = new HashSet<>(Arrays.asList("no-huge"));

    /** A measurement of one part; figures it puts into {@code into} before failing are kept. */
    interface Measurement {
        void measure(Map<String, Double> into) throws Exception;
    }

    /** One section of the output: the part it belongs to (as {@code --only} names it), its title, its measurement. */
    static final class Part {
        final String name;
        final String title;
        final Measurement measurement;

        Part(String name, String title, Measurement measurement) {
            this.name = name;
            this.title = title;
            this.measurement = measurement;
        }
    }

    /** The sections in order, given whether the 20,000 x 20,000 image is measured. */
    private final Function<Boolean, List<Part>> sections;
    private final boolean checkConvolutions;

    BenchCommand() {
        this(BenchCommand::standardSections, true);
    }

    /** For tests: other sections (for example one that fails). */
    BenchCommand(Function<Boolean, List<Part>> sections) {
        this(sections, false);
    }

    /** For tests: other sections, with or without the convolution check. */
    BenchCommand(Function<Boolean, List<Part>> sections, boolean checkConvolutions) {
        this.sections = sections;
        this.checkConvolutions = checkConvolutions;
    }

    static List<Part> standardSections(boolean huge) {
        return Arrays.asList(
                new Part("color", "color and tensors", into -> into.putAll(ColorBench.run())),
                new Part("peak", "libtorch compute peak", into -> into.putAll(PeakBench.run())),
                new Part("network", "networks and training step", into -> into.putAll(NetworkBench.run())),
                new Part("colorize", "colorize", into -> ColorizeBench.run(huge, into)),
                new Part("imported", "general exported to ONNX and TorchScript, imported back", ColorizeBench::imported),
                new Part("memory", "memory over a 2,000-image folder", ColorizeBench::memory),
                new Part("memory", "memory over 1,000 training steps", ColorizeBench::trainingMemory));
    }

    @Override
    public String summary() {
        return "measure throughput (color, tensors, compute peak, network, training, colorize); JSON last line";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar bench [--only PARTS] [--no-huge]",
                "",
                "  --only PARTS   comma-separated: color, peak, network, colorize, imported, memory (default: all)",
                "  --no-huge      skip the 20,000 x 20,000 image (forked JVM with -Xmx4g)",
                "",
                "Runs on all cores; the machine should be otherwise idle. The last line is one JSON object.",
                "A part that fails is reported and the others still run (exit status 1; JSON key failed_parts).");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, 1, VALUED, FLAGS);
        List<Part> all = sections.apply(!a.flag("no-huge"));
        Set<String> names = new LinkedHashSet<>();
        for (Part p : all) {
            names.add(p.name);
        }
        Set<String> only = new HashSet<>();
        for (String p : a.string("only", String.join(",", names)).split(",")) {
            if (!names.contains(p.trim())) {
                throw new Args.UsageException("--only: unknown part '" + p + "'");
            }
            only.add(p.trim());
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        if (checkConvolutions) {
            // the known-answer check of libtorch's convolution at the training shapes (ok / fixed / failed)
            out.println("== convolution known-answer check");
            String status;
            try {
                ConvCheck.Report r = ConvCheck.standard();
                status = r.status().key();
                out.println("  conv_grad_check: " + r.detail());
                for (ConvCheck.Verdict v : r.wrong()) {
                    out.println("    " + v);
                }
            } catch (RuntimeException e) {
                status = ConvCheck.Status.FAILED.key();
                out.println("  conv_grad_check: failed (" + describe(e) + ")");
                failures.put("conv_grad_check", describe(e));
            }
            texts.put("conv_grad_check", status);
            out.flush();
        }
        for (Part p : all) {
            if (only.contains(p.name)) {
                section(out, err, p, figures, failures);
            }
        }
        if (figures.containsKey("train_gflops") && figures.containsKey("peak_gflops")) {
            figures.put("train_share_of_peak", figures.get("train_gflops") / figures.get("peak_gflops"));
        }
        if (!failures.isEmpty()) {
            err.println("bench: " + failures.size() + " part(s) failed: " + String.join(", ", failures.keySet()));
        }
        out.println(json(texts, figures, failures));
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    /** Runs one part and prints its figures, those measured before a failure too, and the failure. */
    private static void section(PrintStream out, PrintStream err, Part p, Map<String, Double> all,
            Map<String, String> failures) {
        out.println("== " + p.title);
        out.flush();
        Map<String, Double> m = new LinkedHashMap<>();
        String failure = null;
        try {
            p.measurement.measure(m);
        } catch (Exception | OutOfMemoryError | LinkageError | AssertionError e) {
            failure = describe(e);
            err.println("bench: part " + p.name + " (" + p.title + ") failed:");
            e.printStackTrace(err);
            err.flush();
        }
        for (Map.Entry<String, Double> e : m.entrySet()) {
            out.printf(Locale.ROOT, "  %-32s %.4g%n", e.getKey(), e.getValue());
        }
        if (failure != null) {
            out.println("  FAILED: " + p.name + ": " + failure);
            failures.merge(p.name, failure, (x, y) -> x + "; " + y);
        }
        out.flush();
        all.putAll(m);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().trim();
        if (e instanceof ColorizerException && !message.isEmpty()) {
            return message;
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** One line: the figures (non-finite ones as null), then {@code failed_parts} where a part failed. */
    static String json(Map<String, Double> figures, Map<String, String> failures) {
        return json(new LinkedHashMap<>(), figures, failures);
    }

    /** The JSON line: {@code texts} as strings first, then the figures, then any failures. */
    static String json(Map<String, String> texts, Map<String, Double> figures, Map<String, String> failures) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            fields.add(quote(e.getKey()) + ": " + quote(e.getValue()));
        }
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            double v = e.getValue();
            fields.add(quote(e.getKey()) + ": "
                    + (Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null"));
        }
        if (!failures.isEmpty()) {
            List<String> f = new ArrayList<>();
            for (Map.Entry<String, String> e : failures.entrySet()) {
                f.add(e.getKey() + ": " + e.getValue());
            }
            fields.add(quote("failed_parts") + ": " + quote(String.join("; ", f)));
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
