package org.acmedelegate;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.acmedelegate.config.AdminConfig;

/**
 * Talks to a running server's admin listener for the CLI, so every change goes through the server
 * (and reaches its DNS index at once) instead of behind its back in the database.
 */
final class AdminClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    AdminClient(AdminConfig config) {
        InetAddress host = config.listen().getAddress();
        // A wildcard listen address is reached over loopback.
        String h = host.isAnyLocalAddress()
                ? (host instanceof java.net.Inet6Address ? "[::1]" : "127.0.0.1")
                : (host instanceof java.net.Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress());
        this.base = URI.create("http://" + h + ":" + config.listen().getPort());
        this.token = config.token().orElseThrow(() -> new AdminException(
                "no admin token in the configuration (admin.token or admin.token_file)"));
    }

    /** Sends a request; returns the reply body for a 2xx status, else throws with the status and error code. */
    String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new AdminException("cannot reach the admin API at " + base + ": is the server running with an admin token?",
                    true);
        } catch (IOException e) {
            throw new AdminException("admin API at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new AdminException("admin API answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
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
