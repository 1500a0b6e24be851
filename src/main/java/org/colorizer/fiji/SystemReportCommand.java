package org.colorizer.fiji;

import org.colorizer.report.SystemReport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > About / System Report: the report of {@code java -jar colorizer.jar doctor} (libtorch,
 * CPU, GPUs, Java, plugin version and models, environment), shown as text in Fiji and written to the log.
 * Macro: {@code run("About / System Report");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>About / System Report", headless = true,
        label = "About / System Report", description = "Colorizer, libtorch and this machine, for bug reports")
public final class SystemReportCommand extends ContextCommand {

    @Parameter(type = ItemIO.OUTPUT, label = "Colorizer system report")
    private String report;

    @Parameter(required = false)
    private LogService log;

    @Override
    public void run() {
        report = SystemReport.create().text();
        if (log != null) {
            log.info(report);
        }
    }

    public String getReport() {
        return report;
    }
}
