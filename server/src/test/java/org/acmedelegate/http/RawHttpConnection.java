package org.acmedelegate.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One keep-alive HTTP/1.1 connection on which requests go out byte for byte as a given client writes
 * them (header order, case, Content-Type, Expect: 100-continue), so nothing normalises them on the way.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Response(int status, Map<String, String> headers, String body) {}

    /**
     * Sends {@code head} (request line and header lines, each ending in CRLF, without the blank line and
     * without Content-Length, which is added last when {@code body} is not null) and the body.
     */
    Response exchange(String head, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        String fullHead = head + (bytes == null ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
        try {
            out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (head.toLowerCase(Locale.ROOT).contains("\r\nexpect: 100-continue\r\n")) {
                Response interim = readResponse();
                if (interim.status() != 100) {
                    return interim;
                }
            }
            if (bytes != null) {
                out.write(bytes);
                out.flush();
            }
            return readResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        if (status / 100 == 1) {
            return new Response(status, headers, "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            for (int size = Integer.parseInt(readLine().strip(), 16);
                    size > 0;
                    size = Integer.parseInt(readLine().strip(), 16)) {
                body.write(in.readNBytes(size));
                readLine();
            }
            readLine();
        } else {
            body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("Content-Length", "0"))));
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
