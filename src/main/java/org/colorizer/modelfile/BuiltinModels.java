package org.colorizer.modelfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.colorizer.ColorizerException;

/** The models shipped inside the plugin jar, selectable by name. */
public final class BuiltinModels {
    /** Photos (natural images, historical photographs). */
    public static final String GENERAL = "general";
    /** H&E-stained tissue. */
    public static final String HE = "he";
    public static final String DEFAULT = GENERAL;

    private static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(GENERAL, HE));

    private BuiltinModels() {}

    public static List<String> names() {
        return NAMES;
    }

    static String resource(String name) {
        return "/org/colorizer/models/" + name + ".zip";
    }

    /**
     * The built-in model that a model argument as users give it names: empty or null = the default, a built-in
     * name = that one; anything else is a file path (null is returned).
     */
    public static String builtinName(String spec) {
        String s = spec == null ? "" : spec.trim();
        return s.isEmpty() ? DEFAULT : NAMES.contains(s) ? s : null;
    }

    /** Reads a model given by built-in name or file path (see {@link #builtinName}). */
    public static ModelFile.Contents readNamedOrFile(String spec) {
        String name = builtinName(spec);
        return name != null ? read(name) : ModelFile.read(Paths.get(spec.trim()));
    }

    /** Whether the jar holds this built-in model. */
    public static boolean available(String name) {
        return NAMES.contains(name) && BuiltinModels.class.getResource(resource(name)) != null;
    }

    /** Reads a built-in model from the jar. */
    public static ModelFile.Contents read(String name) {
        if (!NAMES.contains(name)) {
            throw new ColorizerException("model: no built-in model named '" + name + "'; built-in models are "
                    + NAMES + ", or give the path of a model file");
        }
        try (InputStream in = BuiltinModels.class.getResourceAsStream(resource(name))) {
            if (in == null) {
                throw new ColorizerException("model: the built-in model '" + name + "' is not in this build of the "
                        + "plugin; give a model file (train one with Train Colorizer)");
            }
            return ModelFile.read(in, "built-in model '" + name + "'");
        } catch (IOException e) {
            throw new ColorizerException("model: the built-in model '" + name + "' cannot be read: " + e.getMessage());
        }
    }
}
