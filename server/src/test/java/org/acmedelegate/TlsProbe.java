package org.acmedelegate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Talks HTTPS to the API the way a careful client does: by IP address, yet checking the certificate
 * against a host name and one trusted root; or, to see what is served at all, trusting anything. One
 * {@link Connection} sends any number of HTTP/1.1 requests over one keep-alive TLS connection.
 */
final class TlsProbe {
    private TlsProbe() {}

    /** One TLS connection; {@link #get} sends a request on it and returns the status code. */
    static final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final String host;

        Connection(SSLSocket socket, String host) throws IOException {
            this.socket = socket;
            this.host = host;
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }

        X509Certificate certificate() throws IOException {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }

        int get(String path) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(status.split(" ")[1]);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A connection that accepts only a certificate for {@code host} chaining to {@code root}. */
    static Connection verified(InetSocketAddress api, String host, X509Certificate root) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return open(api, host, tmf.getTrustManagers(), true);
    }

    /** A connection that takes whatever is served, to look at it. */
    static Connection anyCertificate(InetSocketAddress api, String host) throws Exception {
        TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        return open(api, host, new TrustManager[] {all}, false);
    }

    private static Connection open(InetSocketAddress api, String host, TrustManager[] trust, boolean checkName)
            throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        Socket plain = new Socket();
        plain.connect(api, 5_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, api.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        if (checkName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        return new Connection(socket, host);
    }
}
