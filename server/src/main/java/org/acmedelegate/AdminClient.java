package org.acmedelegate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.acmedelegate.config.AdminConfig;

/**
 * Talks to a running server's admin listener for the CLI, so every change goes through the server
 * (and reaches its DNS index at once) instead of behind its back in the database.
 */
final class AdminClient {
    private final URI base;
    private final String token;

    AdminClient(AdminConfig config) {
        InetAddress host = config.listen().getAddress();
        // A wildcard listen address is reached over loopback.
        String h = host.isAnyLocalAddress()
                ? (host instanceof java.net.Inet6Address ? "[::1]" : "127.0.0.1")
                : (host instanceof java.net.Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress());
        this.base = URI.create("http://" + h + ":" + config.listen().getPort());
        this.token = config.token()
                .orElseThrow(() ->
                        new AdminException("no admin token in the configuration (admin.token or admin.token_file)"));
    }

    /** Sends a request; returns the reply body for a 2xx status, else throws with the status and error code. */
    String send(String method, String path, String body) {
        try {
            // HttpURLConnection rather than java.net.http: the admin API is plain HTTP on loopback, and the
            // newer client sets up TLS and its selector threads first, a quarter of each CLI call's time.
            HttpURLConnection connection =
                    (HttpURLConnection) base.resolve(path).toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Authorization", "Bearer " + token);
            connection.setRequestProperty("Content-Type", "application/json");
            if (body != null) {
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            String reply = read(status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream());
            if (status / 100 != 2) {
                throw new AdminException("admin API answered " + status + " " + reply);
            }
            return reply;
        } catch (ConnectException e) {
            throw new AdminException(
                    "cannot reach the admin API at " + base + ": is the server running with an admin token?", true);
        } catch (IOException e) {
            throw new AdminException("admin API at " + base + " failed: " + e.getMessage());
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The admin API could not be reached or refused the request; the message is for the operator. */
    static final class AdminException extends RuntimeException {
        private final boolean unreachable;

        AdminException(String message) {
            this(message, false);
        }

        AdminException(String message, boolean unreachable) {
            super(message, null, false, false);
            this.unreachable = unreachable;
        }

        boolean unreachable() {
            return unreachable;
        }
    }
}
