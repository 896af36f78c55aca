package org.acmedelegate;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Gives every sub-command, however deep, a {@code -h, --help} that prints its usage and exits 0. */
final class HelpOptions {
    private HelpOptions() {}

    static void addEverywhere(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.findOption("--help") == null) {
            String[] names = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
            spec.addOption(OptionSpec.builder(names)
                    .usageHelp(true)
                    .description("Show this help message and exit.")
                    .build());
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            addEverywhere(sub);
        }
    }
}
