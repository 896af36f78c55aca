package org.acmedelegate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP for the server process: logrotate's {@code postrotate} sends it to have the audit log reopened.
 * The JDK has no public signal API; {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the one
 * daemons use. Without a handler the JVM treats SIGHUP as a request to exit, so the handler is installed
 * before the server starts: a SIGHUP that arrives while it starts is kept and acted on once it runs.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private Runnable action;
    private boolean pending;

    HangupSignal() {}

    /** Installs the handler now; {@link #whenRunning} gives it what to do. */
    static HangupSignal install() {
        HangupSignal hangup = new HangupSignal();
        try {
            SignalHandler before = Signal.handle(new Signal("HUP"), signal -> hangup.received());
            if (before == SignalHandler.SIG_IGN) {
                // The JVM keeps an ignored SIGHUP ignored (nohup) and installs nothing.
                LOG.warn("SIGHUP is ignored in this process (started by nohup?): it will not reopen the audit log,"
                        + " which still reopens by itself when its file moves");
            }
        } catch (IllegalArgumentException e) {
            // -Xrs, or a platform without SIGHUP: the audit log still reopens by itself when its file moves.
            LOG.warn("SIGHUP cannot be handled here: {}", e.getMessage());
        }
        return hangup;
    }

    /** From now on a SIGHUP runs {@code onHangup}; one received before runs it now. */
    void whenRunning(Runnable onHangup) {
        boolean runNow;
        synchronized (this) {
            action = onHangup;
            runNow = pending;
            pending = false;
        }
        if (runNow) {
            onHangup.run();
        }
    }

    /** What the signal handler calls. */
    void received() {
        Runnable run;
        synchronized (this) {
            run = action;
            pending = run == null;
        }
        if (run != null) {
            run.run();
        }
    }
}
