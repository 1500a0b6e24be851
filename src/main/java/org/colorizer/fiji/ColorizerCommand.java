package org.colorizer.fiji;

import java.nio.file.Paths;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.hints.ReferenceColors;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * What Colorize, Colorize Folder and the Hint Tool share: the service that keeps loaded models, the status bar and
 * the log, the hidden older macro key of their Reach, reference colors, and how a failure ends the command (logged
 * and canceled, the message starting with the command's label).
 *
 * <p>The inputs a user sees (model, model file, device, reach, reference) are declared by each command: SciJava
 * lists a superclass's inputs before a subclass's, in the dialog and in recorded macros, so here they would move
 * ahead of the image or folders and of the options they belong with. The inputs here are never shown or recorded.
 */
abstract class ColorizerCommand extends ContextCommand {

    /** Reach's key in macros written before it was called Reach (see {@link RenamedInputs}). */
    @Parameter(visibility = ItemVisibility.INVISIBLE, required = false, persist = false,
            attrs = @Attr(name = RenamedInputs.RENAMED_TO, value = "reach"))
    private String hintspread = "";

    @Parameter
    ColorizerService colorizers;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(required = false)
    LogService log;

    /** The command's label, as its menu and messages name it. */
    final String label() {
        return getClass().getAnnotation(Plugin.class).label();
    }

    /** Shows the progress in the status bar; false once the command is canceled or its thread interrupted. */
    final boolean progress(int done, int total, String message) {
        if (status != null) {
            status.showStatus(done, total, message);
        }
        return !isCanceled() && !Thread.currentThread().isInterrupted();
    }

    final void clearStatus() {
        if (status != null) {
            status.clearStatus();
        }
    }

    final void warn(String message) {
        if (log != null) {
            log.warn(label() + ": " + message);
        }
    }

    /** Logs the error and cancels the command with its message. */
    final void fail(ColorizerException e) {
        if (log != null) {
            log.error(label() + ": " + e.getMessage());
        }
        cancel(e.getMessage());
    }

    /** {@code c} with the reference colors of the image file {@code path}; {@code c} itself when path is empty. */
    static Colorizer withReference(Colorizer c, String path) {
        return path == null || path.trim().isEmpty() ? c : c.withReference(readReference(path));
    }

    /** The reference colors at {@code path}; errors start with the dialog field's name. */
    static ReferenceColors readReference(String path) {
        return ReferenceColors.read(Paths.get(path.trim()), "Reference colors");
    }
}
