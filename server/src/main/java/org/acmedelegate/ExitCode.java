package org.acmedelegate;

/** The server process's exit codes, so scripts and systemd can tell failures apart. */
public enum ExitCode {
    OK(0),
    /** The server ran and failed, or could not bind its ports. */
    FAILURE(1),
    /** The command line was wrong. */
    USAGE(2),
    /** The configuration is unreadable or invalid (sysexits EX_CONFIG). */
    CONFIG(78),
    /** The admin API could not be reached or refused the request (sysexits EX_UNAVAILABLE). */
    UNAVAILABLE(69),
    /** The database could not be opened (sysexits EX_IOERR). */
    STORE(74),
    /** An import source is missing, unsupported or not what the command reads (sysexits EX_DATAERR). */
    DATA(65);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
