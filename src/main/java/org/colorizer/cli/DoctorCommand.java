package org.colorizer.cli;

import java.io.PrintStream;
import java.util.Collections;
import org.colorizer.report.SystemReport;

/** {@code doctor}: the system report, the first thing to paste into a bug report. */
final class DoctorCommand implements Main.Command {
    @Override
    public String summary() {
        return "print a system report (libtorch, CPU, GPUs, Java, models, environment) for bug reports";
    }

    @Override
    public String usage() {
        return "usage: java -jar colorizer.jar doctor\n\nPrints the plugin's version and built-in models, Java, the "
                + "operating system, the CPU (model, instruction sets, threads), libtorch (version, flavor, the folder "
                + "it was loaded from), the GPUs found, the environment variables that change libtorch's behaviour, "
                + "and the convolution check. Exits with 1 if libtorch cannot be loaded (the report says why).";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = new Args(argv, 1, Collections.emptySet(), Collections.emptySet());
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("doctor takes no arguments");
        }
        SystemReport report = SystemReport.create();
        out.print(report.text());
        return report.engineLoaded() ? 0 : 1;
    }
}
