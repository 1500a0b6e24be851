package org.colorizer.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GNU-style options for one subcommand: {@code --name value}, {@code --name=value}, {@code --flag}, and
 * positional arguments. Unknown options and missing or malformed values are {@link UsageException}s (exit 2).
 * The command line's commands and the Spark job ({@code org.colorizer.spark.ArchiveArgs}) parse with it.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /** Thrown for a usage error; the command line prints it with a one-line hint and exits with status 2. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * @param valued options that take a value
     * @param flags  options without a value
     */
    public Args(String[] argv, int from, Set<String> valued, Set<String> flags) {
        boolean onlyPositional = false;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (onlyPositional || !a.startsWith("--") || a.equals("-")) {
                if (!onlyPositional && a.startsWith("-") && a.length() > 1 && !a.equals("-")) {
                    throw new UsageException("unknown option " + a);
                }
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                onlyPositional = true;
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                options.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /**
     * The value of {@code --name} or of its older spelling {@code --old} (not both); null if neither is given.
     */
    public String renamed(String name, String old) {
        if (has(name) && has(old)) {
            throw new UsageException("give --" + name + " or its older spelling --" + old + ", not both");
        }
        return options.containsKey(name) ? options.get(name) : options.get(old);
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public String string(String name, String def) {
        return options.getOrDefault(name, def);
    }

    public Path path(String name) {
        String v = options.get(name);
        return v == null ? null : Paths.get(v);
    }

    public Path requiredPath(String name) {
        Path p = path(name);
        if (p == null) {
            throw new UsageException("--" + name + " is required");
        }
        return p;
    }

    public int integer(String name, int def, int min) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + v + "'");
        }
        if (n < min) {
            throw new UsageException("--" + name + " must be at least " + min + ", not " + n);
        }
        return n;
    }

    public long longValue(String name, long def) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + v + "'");
        }
    }

    public float number(String name, float def) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        try {
            float f = Float.parseFloat(v.trim());
            if (!Float.isFinite(f)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, not '" + v + "'");
        }
    }
}
