package org.acmedelegate.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An acme-dns-like HTTP API on 127.0.0.1 for tests: records every request, answers /register with a fixed
 * account and /update with 200, unless a test sets another status and body.
 */
final class FakeApiServer implements AutoCloseable {
    static final String USERNAME = "c36f50e8-4632-44f0-83fe-e070fef28a10";
    static final String PASSWORD = "htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z";
    static final String SUBDOMAIN = "8e5700ea-a4bf-41c7-8a77-e990661dcc6a";
    static final String FULLDOMAIN = SUBDOMAIN + ".auth.example.org";

    /** One request as the server saw it. */
    record Request(String method, String path, String user, String key, String body, String authorization) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;
    private volatile Consumer<Request> onUpdate = r -> {};

    FakeApiServer() throws IOException {
        this(null);
    }

    /** Over HTTPS with {@code tls}'s certificate when it is not null. */
    FakeApiServer(javax.net.ssl.SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    /** Every later request is answered with this status and body. */
    FakeApiServer answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** Called for each successful POST /update before the 200 goes out, like a server that serves DNS first. */
    FakeApiServer onUpdate(Consumer<Request> listener) {
        onUpdate = listener;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("X-Api-User"),
                exchange.getRequestHeaders().getFirst("X-Api-Key"),
                requestBody,
                exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        int code;
        String reply;
        if (status != 0) {
            code = status;
            reply = body;
        } else if (request.path().equals("/register")) {
            code = 201;
            reply = "{\"username\":\"" + USERNAME + "\",\"password\":\"" + PASSWORD + "\",\"fulldomain\":\""
                    + FULLDOMAIN + "\",\"subdomain\":\"" + SUBDOMAIN + "\",\"allowfrom\":[]}";
        } else if (request.path().equals("/update")) {
            if (request.method().equals("POST")) {
                onUpdate.accept(request);
            }
            code = 200;
            reply = "{}";
        } else {
            code = 404;
            reply = "";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
