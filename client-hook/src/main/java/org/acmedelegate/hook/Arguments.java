package org.acmedelegate.hook;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * One sub-command's arguments, parsed by Commons CLI. Options come first: from the first operand on, or
 * after {@code --}, everything is an operand, because TXT values and tokens may start with {@code -}. Long
 * options are matched only in full, and an option that takes one value may be given once.
 */
final class Arguments {
    private final Options options;
    private final String[] args;
    private final int from;
    private final CommandLine line;

    private Arguments(Options options, String[] args, int from, CommandLine line) {
        this.options = options;
        this.args = args;
        this.from = from;
        this.line = line;
    }

    /** Parses {@code args} from index {@code from} on (0 is the sub-command's name). */
    static Arguments parse(Options options, String[] args, int from) throws UsageException {
        DefaultParser parser = DefaultParser.builder()
                .setAllowPartialMatching(false)
                .setStripLeadingAndTrailingQuotes(false)
                .build();
        try {
            return new Arguments(
                    options, args, from, parser.parse(options, Arrays.copyOfRange(args, from, args.length), true));
        } catch (MissingArgumentException e) {
            throw new UsageException("Missing required parameter for option '--"
                    + e.getOption().getLongOpt() + "' (" + e.getOption().getArgName() + ")");
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The option {@code --name ARG}, which takes a value. */
    static Option valued(String name, String argName, String description) {
        return Option.builder()
                .longOpt(name)
                .hasArg()
                .argName(argName)
                .desc(description)
                .build();
    }

    /** The flag {@code --name}. */
    static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }

    /** Whether the option was given, however often. */
    boolean has(String option) {
        return line.hasOption(option);
    }

    /** Whether the flag was given; twice is an error. */
    boolean flag(String option) throws UsageException {
        once(option);
        return line.hasOption(option);
    }

    /** The option's value, or null when it was not given; twice is an error. */
    String value(String option) throws UsageException {
        once(option);
        return line.getOptionValue(option);
    }

    /** The value of an option that must be given once. */
    String required(String option) throws UsageException {
        String value = value(option);
        if (value == null) {
            throw new UsageException("Missing required option: '--" + option + "=" + argName(option) + "'");
        }
        return value;
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String option) {
        String[] values = line.getOptionValues(option);
        return values == null ? List.of() : List.of(values);
    }

    /** The option's value as an int, or null when it was not given. */
    Integer integer(String option) throws UsageException {
        String value = value(option);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '--" + option + "': '" + value + "' is not an int");
        }
    }

    /** The option's value as a path, or null when it was not given. */
    Path path(String option) throws UsageException {
        String value = value(option);
        try {
            return value == null ? null : Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("Invalid value for option '--" + option + "': " + e.getMessage());
        }
    }

    /**
     * Fails when an option is unknown. Commons CLI, told to stop at the first operand, takes an unknown option
     * for that operand: a first operand that looks like an option and does not follow {@code --} is one.
     */
    void rejectUnknownOptions() throws UsageException {
        List<String> operands = line.getArgList();
        int first = args.length - operands.size();
        if (!operands.isEmpty()
                && operands.get(0).startsWith("-")
                && operands.get(0).length() > 1
                && !(first > from && args[first - 1].equals("--"))) {
            throw new UsageException("Unknown option: '" + operands.get(0) + "'");
        }
    }

    /**
     * The operands: at least one per name in {@code required} (named in the error when missing), at most
     * {@code max}.
     */
    List<String> operands(int max, String... required) throws UsageException {
        List<String> operands = line.getArgList();
        if (operands.size() < required.length) {
            List<String> missing = Arrays.asList(required).subList(operands.size(), required.length);
            throw new UsageException("Missing required parameter" + (missing.size() > 1 ? "s: '" : ": '")
                    + String.join("', '", missing) + "'");
        }
        if (operands.size() > max) {
            throw UsageException.unmatched(args, args.length - operands.size() + max);
        }
        return operands;
    }

    private void once(String option) throws UsageException {
        int count = 0;
        for (Option o : line.getOptions()) {
            if (option.equals(o.getLongOpt()) && ++count > 1) {
                String argName = argName(option);
                throw new UsageException("option '--" + option + "'" + (argName == null ? "" : " (" + argName + ")")
                        + " should be specified only once");
            }
        }
    }

    private String argName(String option) {
        Option declared = options.getOption(option);
        return declared.hasArg() ? declared.getArgName() : null;
    }
}
