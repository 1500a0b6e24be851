package org.colorizer.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;

/** {@code info MODEL}: prints a model file's description. */
final class InfoCommand implements Main.Command {
    @Override
    public String summary() {
        return "print the description of a model file or built-in model";
    }

    @Override
    public String usage() {
        return "usage: java -jar colorizer.jar info MODEL\n\nMODEL is a model file or a built-in name ("
                + String.join(", ", BuiltinModels.names()) + "). Prints the JSON description: architecture, "
                + "training settings and data, metrics, weights.";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = new Args(argv, 1, Collections.emptySet(), Collections.emptySet());
        if (a.positional().size() != 1) {
            throw new Args.UsageException("give exactly one model file or built-in model name");
        }
        ModelFile.Contents c = BuiltinModels.readNamedOrFile(a.positional().get(0));
        out.println(new String(c.entries.get(ModelFile.DESCRIPTION_ENTRY), StandardCharsets.UTF_8));
        return 0;
    }
}
