package org.acmedelegate.hook;

/**
 * A failure the user can act on: its message is printed as {@code Error: <message>} and the process exits
 * with {@link #exitCode()}. Messages never contain a password.
 */
public final class HookException extends Exception {
    private final ExitCode exitCode;

    public HookException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public HookException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
