package org.acmedelegate.hook;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** The {@code --help} texts: the sub-commands, and one sub-command's usage and options. */
final class Help {
    private static final int WIDTH = 80;
    // where sub-command descriptions start, as wide as the longest word (deploy_challenge) plus a margin
    private static final int COMMAND_COLUMN = 20;

    private Help() {}

    /** The usage of the whole tool: its own options and every sub-command with its description. */
    static void commands(PrintStream stream) {
        PrintWriter out = new PrintWriter(stream);
        HelpFormatter formatter = formatter();
        formatter.printUsage(out, WIDTH, Main.NAME + " [-h] [-V] COMMAND [OPTIONS] [ARGUMENTS]");
        formatter.printWrapped(
                out, WIDTH, "Sets DNS-01 TXT values through an acme-delegate (acme-dns) server for ACME clients.");
        Options options = new Options();
        addOptions(options);
        formatter.printOptions(out, WIDTH, options, 2, 3);
        out.println("Commands:");
        for (SubCommand c : SubCommand.values()) {
            String word = "  " + c.word;
            formatter.printWrapped(
                    out, WIDTH, COMMAND_COLUMN, word + " ".repeat(COMMAND_COLUMN - word.length()) + c.description);
        }
        out.println("Run '" + Main.NAME + " COMMAND --help' for the options and arguments of each.");
        out.flush();
    }

    /** Adds {@code -h, --help} and {@code -V, --version}, which the tool and every sub-command accept. */
    static void addOptions(Options options) {
        options.addOption(Option.builder("h")
                .longOpt("help")
                .desc("Show this help message and exit.")
                .build());
        options.addOption(Option.builder("V")
                .longOpt("version")
                .desc("Print version information and exit.")
                .build());
    }

    /** The usage of one sub-command: its synopsis, description and options. */
    static void command(PrintStream stream, SubCommand command, Options options) {
        PrintWriter out = new PrintWriter(stream);
        HelpFormatter formatter = formatter();
        formatter.printUsage(out, WIDTH, Main.NAME + " " + command.word + " " + command.synopsis);
        formatter.printWrapped(out, WIDTH, command.description);
        formatter.printOptions(out, WIDTH, options, 2, 3);
        out.flush();
    }

    private static HelpFormatter formatter() {
        HelpFormatter formatter = new HelpFormatter();
        formatter.setSyntaxPrefix("Usage: ");
        formatter.setLongOptSeparator("=");
        return formatter;
    }
}
