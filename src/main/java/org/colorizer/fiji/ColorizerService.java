package org.colorizer.fiji;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.engine.Engines;
import org.colorizer.modelfile.BuiltinModels;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Keeps loaded colorizers for the Fiji session: a model is read and the engine set up once, then reused by
 * every run of Colorize and Colorize Folder; all are released when the Context is disposed.
 */
@Plugin(type = Service.class)
public final class ColorizerService extends AbstractService implements SciJavaService {
    /** Choice values of the commands' {@code model} parameter. */
    public static final String FROM_FILE = "file";
    private static final int MAX_CACHED = 3;

    private final Map<String, Colorizer> cache = new LinkedHashMap<>(4, 0.75f, true);

    /**
     * The colorizer for a model choice: a built-in name ("general", "he"), or {@value #FROM_FILE} with a file.
     * A file that changed since it was loaded is loaded again.
     */
    public synchronized Colorizer get(String model, File file, String device) {
        String spec = resolve(model, file);
        String key = spec + "|" + (device == null ? "cpu" : device.trim().toLowerCase(Locale.ROOT))
                + (file != null && FROM_FILE.equals(model) ? "|" + file.lastModified() + "|" + file.length() : "");
        Colorizer c = cache.get(key);
        if (c == null) {
            c = Colorizer.open(spec, Engines.device(device));
            cache.put(key, c);
            while (cache.size() > MAX_CACHED) {
                String eldest = cache.keySet().iterator().next();
                cache.remove(eldest).close();
            }
        }
        return c;
    }

    static String resolve(String model, File file) {
        String m = model == null ? "" : model.trim();
        if (m.isEmpty()) {
            return BuiltinModels.DEFAULT;
        }
        if (FROM_FILE.equalsIgnoreCase(m)) {
            if (file == null || file.getPath().isEmpty()) {
                throw new ColorizerException("modelfile: model=file needs a model file; choose one "
                        + "(a .zip written by Train Colorizer) or pick a built-in model");
            }
            return file.getPath();
        }
        return m; // a built-in name, or a path typed into a macro
    }

    /** Number of colorizers held (for tests). */
    public synchronized int cached() {
        return cache.size();
    }

    @Override
    public synchronized void dispose() {
        for (Colorizer c : cache.values()) {
            c.close();
        }
        cache.clear();
    }
}
