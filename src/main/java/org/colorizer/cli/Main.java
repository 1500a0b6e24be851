package org.colorizer.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.Version;

/**
 * {@code java -jar colorizer.jar <command> [options]}: the command line for servers and scripts.
 * Exit status: 0 success, 1 failure (a message says what to do), 2 usage error.
 */
public final class Main {

    /** One subcommand. */
    interface Command {
        String summary();

        String usage();

        /** @return exit status */
        int run(String[] argv, PrintStream out, PrintStream err) throws Exception;
    }

    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        m.put("colorize", new ColorizeCommand());
        m.put("train", new TrainCommand());
        m.put("evaluate", new EvaluateCommand());
        m.put("info", new InfoCommand());
        m.put("convert", new ConvertCommand());
        m.put("bench", new BenchCommand());
        m.put("doctor", new DoctorCommand());
        return m;
    }

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command line and returns its exit status (used by tests, which must not call System.exit). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            if (argv.length >= 2 && commands.containsKey(argv[1])) {
                out.println(commands.get(argv[1]).usage());
                return 0;
            }
            out.println("Colorizer " + Version.get() + ": colorize grayscale images with a pix2pix GAN (DJL + PyTorch)");
            out.println();
            out.println("usage: java -jar colorizer.jar <command> [options]");
            out.println();
            out.println("commands:");
            for (Map.Entry<String, Command> e : commands.entrySet()) {
                out.printf("  %-10s %s%n", e.getKey(), e.getValue().summary());
            }
            out.println();
            out.println("'java -jar colorizer.jar <command> --help' shows a command's options.");
            return argv.length == 0 ? 2 : 0;
        }
        if (argv[0].equals("--version")) {
            out.println(Version.get());
            return 0;
        }
        Command c = commands.get(argv[0]);
        if (c == null) {
            err.println("colorizer: unknown command '" + argv[0] + "'; try: java -jar colorizer.jar --help");
            return 2;
        }
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                out.println(c.usage());
                return 0;
            }
        }
        try {
            return c.run(argv, out, err);
        } catch (Args.UsageException e) {
            err.println("colorizer " + argv[0] + ": " + e.getMessage() + "; try: java -jar colorizer.jar " + argv[0]
                    + " --help");
            return 2;
        } catch (ColorizerException e) {
            err.println("colorizer " + argv[0] + ": " + e.getMessage());
            if (Boolean.getBoolean("colorizer.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("colorizer " + argv[0] + ": out of memory; give Java more (java -Xmx8g -jar ...) or use a "
                    + "smaller --batch or --tile");
            return 1;
        } catch (Exception e) {
            err.println("colorizer " + argv[0] + ": unexpected error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
