package org.acmedelegate.hook;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * {@link DelegateApi} over {@link HttpURLConnection}; maps HTTP and network failures to user-facing errors.
 * Not the JDK's {@code HttpClient}: a hook is a new JVM several times per certificate, and building that
 * client (its selector thread and TLS context) cost about 0.4 s per start here, against 0.05 s for this.
 */
public final class AcmeDelegateClient implements DelegateApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** A request to send: method, address, headers and a JSON body. */
    private record Request(String method, URI uri, Map<String, String> headers, String body) {}

    /** What came back: status and body text. */
    private record Reply(int statusCode, String body) {}

    private final ServerTrust trust;

    /** A client that trusts only the CA certificates in {@code caFile} (PEM) for HTTPS; null: the system's. */
    public AcmeDelegateClient(Path caFile) {
        this.trust = new ServerTrust(caFile);
    }

    @Override
    public Account register(String serverUrl, List<String> allowFrom, String domain, String token)
            throws HookException {
        String body = "";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
            body = registerBody(allowFrom, domain);
        } else if (!allowFrom.isEmpty()) {
            body = registerBody(allowFrom, null);
        }
        Reply response = send(serverUrl, new Request("POST", endpoint(serverUrl, "register"), headers, body));
        RegistrationRefusal.check(serverUrl, response.statusCode(), errorCode(response.body()), token != null, domain);
        requireSuccess(serverUrl, "register", response);
        try {
            Account account = AccountJson.readAccount(response.body());
            return account.withServerUrl(trimSlash(serverUrl));
        } catch (AccountJson.InvalidJson e) {
            throw new HookException(
                    ExitCode.SERVER_REJECTED,
                    serverUrl + " answered /register without a usable account (is it an acme-dns server?)");
        }
    }

    @Override
    public TsigRegistration registerWithTsig(String serverUrl, List<String> allowFrom, String domain, String token)
            throws HookException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        String body = registerBody(allowFrom, domain);
        body = body.substring(0, body.length() - 1) + ",\"tsig\":true}";
        Reply response = send(serverUrl, new Request("POST", endpoint(serverUrl, "register"), headers, body));
        RegistrationRefusal.check(serverUrl, response.statusCode(), errorCode(response.body()), token != null, domain);
        requireSuccess(serverUrl, "register", response);
        String ini = TsigKeyFile.certbotIni(response.body());
        try {
            Account account = AccountJson.readAccount(response.body());
            if (ini == null) {
                throw new HookException(
                        ExitCode.SERVER_REJECTED,
                        serverUrl + " answered /register without a TSIG key (does it hand out TSIG keys?)");
            }
            return new TsigRegistration(account.withServerUrl(trimSlash(serverUrl)), ini);
        } catch (AccountJson.InvalidJson e) {
            throw new HookException(
                    ExitCode.SERVER_REJECTED,
                    serverUrl + " answered /register without a usable account (is it an acme-dns server?)");
        }
    }

    @Override
    public void update(Account account, TxtValue value) throws HookException {
        requireSuccess(account.serverUrl(), "update", send(account.serverUrl(), updateRequest(account, value, "POST")));
    }

    @Override
    public void delete(Account account, TxtValue value) throws HookException {
        requireSuccess(
                account.serverUrl(), "update", send(account.serverUrl(), updateRequest(account, value, "DELETE")));
    }

    private static Request updateRequest(Account account, TxtValue value, String method) throws HookException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Api-User", account.username());
        headers.put("X-Api-Key", account.password());
        return new Request(
                method,
                endpoint(account.serverUrl(), "update"),
                headers,
                updateBody(account.subdomain(), value.value()));
    }

    private static String registerBody(List<String> allowFrom, String domain) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject();
            if (domain != null) {
                out.name("domain").value(domain);
            }
            out.name("allowfrom").beginArray();
            for (String cidr : allowFrom) {
                out.value(cidr);
            }
            out.endArray().endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return text.toString();
    }

    private static String updateBody(String subdomain, String txt) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject()
                    .name("subdomain")
                    .value(subdomain)
                    .name("txt")
                    .value(txt)
                    .endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return text.toString();
    }

    private Reply send(String serverUrl, Request request) throws HookException {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) request.uri().toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(trust.socketFactory());
            }
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.method());
            request.headers().forEach(connection::setRequestProperty);
            byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
            // Buffered, not streamed: in streaming mode the JDK drops the body of a 401, which holds the error code.
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(status, text);
        } catch (SSLException e) {
            throw trust.failure(trimSlash(serverUrl), request.uri().getHost(), e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("HTTPS hostname wrong")) {
                throw trust.failure(trimSlash(serverUrl), request.uri().getHost(), e);
            }
            throw new HookException(
                    ExitCode.SERVER_UNREACHABLE,
                    "cannot reach the acme-delegate server at " + serverUrl + " (" + describe(e)
                            + "); check the URL and that the server is running",
                    e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static void requireSuccess(String serverUrl, String path, Reply response) throws HookException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = errorCode(response.body());
        String where = trimSlash(serverUrl) + "/" + path;
        if (status == 401) {
            throw new HookException(
                    ExitCode.UNAUTHORIZED, where + " rejected the account's credentials (HTTP 401 " + code + ")");
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

    static String errorCode(String body) {
        try {
            String code = AccountJson.stringMember(body, "error");
            if (code != null) {
                return code;
            }
        } catch (AccountJson.InvalidJson e) {
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
            throw new HookException(
                    ExitCode.USAGE,
                    "server URL '" + serverUrl + "' is not an http(s) URL such as https://auth.example.org");
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
}
