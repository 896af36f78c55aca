package org.acmedelegate.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;

/**
 * Reads a request body as raw bytes, whatever its Content-Type, with a size limit. Reading the input
 * stream directly (never the servlet parameters) keeps Jetty from taking a JSON body sent as
 * {@code application/x-www-form-urlencoded}, as acme.sh sends it, for a form.
 */
final class RequestBody {
    private final int maxBytes;

    RequestBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body, at most {@code maxBytes} long; throws {@code payload_too_large} for a longer one. */
    byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read request body", e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body over " + maxBytes + " bytes");
    }
}
