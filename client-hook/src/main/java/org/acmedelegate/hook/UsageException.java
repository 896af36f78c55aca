package org.acmedelegate.hook;

/**
 * A command line the hook cannot run: unknown or repeated options, missing or extra arguments. It is
 * printed as {@code Error: <message>} followed by a pointer to {@code --help}, and the exit status is
 * {@link ExitCode#USAGE}.
 */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }

    /** The arguments from {@code index} on are left over; indexes count from the sub-command's name (0). */
    static UsageException unmatched(String[] args, int index) {
        if (index == args.length - 1) {
            return new UsageException("Unmatched argument at index " + index + ": '" + args[index] + "'");
        }
        StringBuilder message = new StringBuilder("Unmatched arguments from index " + index + ": ");
        for (int i = index; i < args.length; i++) {
            message.append(i > index ? ", '" : "'").append(args[i]).append('\'');
        }
        return new UsageException(message.toString());
    }
}
