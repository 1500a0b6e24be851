package org.colorizer.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.colorizer.modelfile.ModelFile;

/** {@code info MODEL}: prints a model file's description. */
final class InfoCommand implements Main.Command {
    @Override
    public String summary() {
        return "print the description of a model file";
    }

    @Override
    public String usage() {
        return "usage: java -jar colorizer.jar info MODEL.zip\n\nPrints the JSON description: architecture, "
                + "training settings and data, metrics, weights.";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = new Args(argv, 1, Collections.emptySet(), Collections.emptySet());
        if (a.positional().size() != 1) {
            throw new Args.UsageException("give exactly one model file");
        }
        ModelFile.Contents c = ModelFile.read(java.nio.file.Paths.get(a.positional().get(0)));
        out.println(new String(c.entries.get(ModelFile.DESCRIPTION_ENTRY), StandardCharsets.UTF_8));
        return 0;
    }
}
