package org.acmedelegate.hook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** {@link DelegateApi} over the JDK {@link HttpClient}; maps HTTP and network failures to user-facing errors. */
public final class AcmeDelegateClient implements DelegateApi {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<HttpClient> factory;
    private HttpClient http;

    // Built on first use: a hook that never calls the server (dehydrated's other events, list, check)
    // should not pay for the HTTP client and its TLS set-up at every start.
    public AcmeDelegateClient() {
        this(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public AcmeDelegateClient(HttpClient http) {
        this(() -> http);
    }

    private AcmeDelegateClient(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = factory.get();
        }
        return http;
    }

    @Override
    public Account register(String serverUrl, List<String> allowFrom) throws HookException {
        String body = "";
        if (!allowFrom.isEmpty()) {
            body = json(Map.of("allowfrom", allowFrom));
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint(serverUrl, "register"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(serverUrl, request);
        if (response.statusCode() == 404) {
            throw new HookException(ExitCode.SERVER_REJECTED, "registration is disabled on " + serverUrl
                    + " (HTTP 404); ask its operator for an account or enable api.registration");
        }
        requireSuccess(serverUrl, "register", response);
        try {
            Account account = JSON.readValue(response.body(), Account.class);
            return account.withServerUrl(trimSlash(serverUrl));
        } catch (IOException | IllegalArgumentException e) {
            throw new HookException(ExitCode.SERVER_REJECTED, serverUrl
                    + " answered /register without a usable account (is it an acme-dns server?)");
        }
    }

    @Override
    public void update(Account account, TxtValue value) throws HookException {
        requireSuccess(account.serverUrl(), "update", send(account.serverUrl(), updateRequest(account, value, "POST")));
    }

    @Override
    public void delete(Account account, TxtValue value) throws HookException {
        requireSuccess(account.serverUrl(), "update", send(account.serverUrl(),
                updateRequest(account, value, "DELETE")));
    }

    private static HttpRequest updateRequest(Account account, TxtValue value, String method) throws HookException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("subdomain", account.subdomain());
        body.put("txt", value.value());
        return HttpRequest.newBuilder(endpoint(account.serverUrl(), "update"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Api-User", account.username())
                .header("X-Api-Key", account.password())
                .method(method, HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
    }

    private HttpResponse<String> send(String serverUrl, HttpRequest request) throws HookException {
        try {
            return http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HookException(ExitCode.SERVER_UNREACHABLE, "cannot reach the acme-delegate server at "
                    + serverUrl + " (" + describe(e) + "); check the URL and that the server is running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HookException(ExitCode.INTERNAL, "interrupted while talking to " + serverUrl, e);
        }
    }

    private static void requireSuccess(String serverUrl, String path, HttpResponse<String> response)
            throws HookException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = errorCode(response.body());
        String where = trimSlash(serverUrl) + "/" + path;
        if (status == 401) {
            throw new HookException(ExitCode.UNAUTHORIZED, where + " rejected the account's credentials (HTTP 401 "
                    + code + ")");
        }
        String hint = switch (code) {
            case "bad_txt" -> ": the TXT value is not 43 base64url characters";
            case "bad_subdomain" -> ": the account's subdomain is unknown to the server";
            case "malformed_json_payload" -> ": the server could not read the request";
            case "invalid_allowfrom_cidr" -> ": an --allow-from value is not a CIDR such as 192.0.2.0/24";
            default -> "";
        };
        throw new HookException(ExitCode.SERVER_REJECTED, where + " answered HTTP " + status + " " + code + hint);
    }

    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to a generic description
        }
        return "(no error code)";
    }

    static URI endpoint(String serverUrl, String path) throws HookException {
        if (serverUrl == null || serverUrl.isBlank()) {
            throw new HookException(ExitCode.USAGE, "no server URL: pass --server or set ACME_DELEGATE_SERVER");
        }
        try {
            URI uri = new URI(trimSlash(serverUrl.trim()) + "/" + path);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new URISyntaxException(serverUrl, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new HookException(ExitCode.USAGE, "server URL '" + serverUrl
                    + "' is not an http(s) URL such as https://auth.example.org");
        }
    }

    private static String trimSlash(String url) {
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
