package org.colorizer.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Arrays;
import java.util.List;

/**
 * The process environment that native code (libtorch, OpenMP) reads. The JVM's own map ({@link System#getenv}) is
 * a read-only copy made at start-up, so variables are set in the C library through JNA: {@code setenv} on Linux and
 * macOS; on Windows, which has no {@code setenv}, {@code _putenv_s} of the Universal CRT ({@code ucrtbase}, which
 * libtorch's MSVC build uses) and of the older {@code msvcrt} (both also update the Win32 environment block).
 */
public final class NativeEnv {
    private NativeEnv() {}

    /** A C function that sets a variable: library and function name. */
    static final class Setter {
        final String library;
        final String function;
        final boolean posix; // setenv(name, value, overwrite) rather than _putenv_s(name, value)

        Setter(String library, String function, boolean posix) {
            this.library = library;
            this.function = function;
            this.posix = posix;
        }

        @Override
        public String toString() {
            return library + "!" + function;
        }
    }

    /** The functions used to set a variable on this kind of system, in order (all of them are called). */
    static List<Setter> setters(boolean windows) {
        if (windows) {
            return Arrays.asList(new Setter("ucrtbase", "_putenv_s", false), new Setter("msvcrt", "_putenv_s", false));
        }
        return Arrays.asList(new Setter(Platform.C_LIBRARY_NAME, "setenv", true));
    }

    /**
     * Sets {@code key=value} in the native environment unless the user's environment has the variable.
     *
     * @return whether at least one C library took it (false on failure: a missing library only costs speed)
     */
    public static boolean setIfAbsent(String key, String value) {
        if (System.getenv(key) != null) {
            return false;
        }
        boolean done = false;
        for (Setter setter : setters(Platform.isWindows())) {
            try {
                Function f = NativeLibrary.getInstance(setter.library).getFunction(setter.function);
                Object[] args = setter.posix ? new Object[] {key, value, 1} : new Object[] {key, value};
                done |= f.invokeInt(args) == 0;
            } catch (Throwable t) { // NOPMD: that C library is absent here; try the next
                // nothing to do
            }
        }
        return done;
    }

    /** The value native code sees (the C library's getenv), or the JVM's copy where that cannot be read. */
    public static String get(String key) {
        String library = Platform.isWindows() ? "ucrtbase" : Platform.C_LIBRARY_NAME;
        try {
            Function getenv = NativeLibrary.getInstance(library).getFunction("getenv");
            return (String) getenv.invoke(String.class, new Object[] {key});
        } catch (Throwable t) { // NOPMD
            return System.getenv(key);
        }
    }
}
