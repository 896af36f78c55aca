package org.acmedelegate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One HTTP request to a listener of the server under test on 127.0.0.1, the reply body as text. */
final class TestHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestHttp() {}

    /** Sends {@code method path} with {@code body} (none when null) and {@code headers} (name, value, ...). */
    static HttpResponse<String> send(int port, String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
