package org.acmedelegate.http;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.config.ApiConfig;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.InMemoryAccountStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.Name;

/**
 * The API started on 127.0.0.1, port 0, over an in-memory store, with a JDK HTTP client to talk to it. For one
 * API per test class: {@code @RegisterExtension static final RunningApi api = RunningApi.perClass();}.
 */
final class RunningApi implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    static final Name ZONE = Name.fromConstantString("Auth.Example.ORG.");
    static final int MAX_BODY = 4096;
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    private final ApiConfig config;
    private final AccountStore store;
    ChallengeIndex index;
    Javalin app;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private RunningApi(ApiConfig config, AccountStore store) {
        this.config = config;
        this.store = store;
    }

    private RunningApi open() {
        index = new ChallengeIndex(ZONE, Clock.systemUTC(), Duration.ZERO, 0);
        AccountService service = TestAccountService.create(store, index, TxtConfig.DEFAULT, Clock.systemUTC());
        app = ApiApp.create(config, service, ZONE, TestOperations.none()).start();
        return this;
    }

    /** The default API, started before the class's first test and stopped after its last. */
    static RunningApi perClass() {
        return new RunningApi(config(List.of(), false), new InMemoryAccountStore());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    static RunningApi start() {
        return start(config(List.of(), false));
    }

    static RunningApi start(ApiConfig config) {
        return new RunningApi(config, new InMemoryAccountStore()).open();
    }

    static RunningApi start(ApiConfig config, AccountStore store) {
        return new RunningApi(config, store).open();
    }

    static ApiConfig config(List<String> trustedProxies, boolean disableRegistration) {
        return new ApiConfig(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.empty(),
                trustedProxies.stream().map(Cidr::parse).toList(),
                disableRegistration,
                4,
                MAX_BODY);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    /** Sends a request; {@code headers} alternate name and value; a null body sends none. */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the request bytes exactly as given and returns everything the server sends back. */
    String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Registered register(String body) {
        HttpResponse<String> response = send("POST", "/register", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("register failed: " + response.statusCode() + " " + response.body());
        }
        return Registered.parse(response.body());
    }

    Registered register() {
        return register(null);
    }

    HttpResponse<String> update(Registered account, String body, String... extraHeaders) {
        return send("POST", "/update", body, withAuth(account, extraHeaders));
    }

    static String[] withAuth(Registered account, String... extraHeaders) {
        String[] headers = new String[4 + extraHeaders.length];
        headers[0] = "X-Api-User";
        headers[1] = account.username();
        headers[2] = "X-Api-Key";
        headers[3] = account.password();
        System.arraycopy(extraHeaders, 0, headers, 4, extraHeaders.length);
        return headers;
    }

    List<String> txtAt(Registered account) {
        return index.txtValues(Name.fromConstantString(account.fulldomain() + "."));
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The credentials from a 201 reply. */
    record Registered(String username, String password, String fulldomain, String subdomain) {
        static Registered parse(String json) {
            Map<String, String> fields = new java.util.HashMap<>();
            Matcher m = FIELD.matcher(json);
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
            return new Registered(
                    fields.get("username"), fields.get("password"), fields.get("fulldomain"), fields.get("subdomain"));
        }

        String updateBody(String txt) {
            return "{\"subdomain\":\"" + subdomain + "\",\"txt\":\"" + txt + "\"}";
        }
    }
}
