package org.acmedelegate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP for the server process: logrotate's {@code postrotate} sends it to have the audit log reopened.
 * The JDK has no public signal API; {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the one
 * daemons use. Without a handler the JVM treats SIGHUP as a request to exit.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException e) {
            // -Xrs, or a platform without SIGHUP: the audit log still reopens by itself when its file moves.
            LOG.warn("SIGHUP cannot be handled here: {}", e.getMessage());
        }
    }
}
