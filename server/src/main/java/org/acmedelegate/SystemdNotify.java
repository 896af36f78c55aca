package org.acmedelegate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd that the server is ready ({@code Type=notify}) by running {@code systemd-notify --ready},
 * and only when systemd asked for it through {@code NOTIFY_SOCKET}. Java 17 cannot send on a unix datagram
 * socket, and systemd-notify ships with systemd itself on every architecture; the unit sets
 * {@code NotifyAccess=all} because the message comes from that child process.
 */
public final class SystemdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);

    private final Map<String, String> environment;
    private final String command;

    public SystemdNotify(Map<String, String> environment) {
        this(environment, "systemd-notify");
    }

    SystemdNotify(Map<String, String> environment, String command) {
        this.environment = Map.copyOf(environment);
        this.command = command;
    }

    /**
     * Sends READY=1 with a status line and waits (up to 10 s) until systemd has taken it. Does nothing
     * without NOTIFY_SOCKET; a failure is logged once and returned, never thrown: the server itself is up.
     */
    public boolean ready(String status) {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        ProcessBuilder builder =
                new ProcessBuilder(List.of(command, "--ready", "--status=" + status)).redirectErrorStream(true);
        builder.environment().put("NOTIFY_SOCKET", socket);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("systemd-notify did not finish within 10 s; systemd may not know the server is ready");
                return false;
            }
            if (process.exitValue() != 0) {
                String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                LOG.warn("systemd-notify --ready failed (exit {}): {}", process.exitValue(), said);
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot tell systemd the server is ready: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
