package org.acmedelegate.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Jetty's HTML error pages (bad URIs, oversized headers, errors raised outside Javalin) with
 * the API's {@code {"error":"<code>"}}, whatever the client's Accept header says.
 */
final class JsonErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private JsonErrorHandler() {}

    /** For requests Jetty refuses before they reach the servlet, and for unparsable requests. */
    static final class ForServer extends ErrorHandler {
        ForServer() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(
                    request, response, callback, Responses.JSON, List.of(StandardCharsets.UTF_8), code, message, cause);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writeJson(writer, code);
        }
    }

    /** For errors the servlet layer sends, so they take the same shape. */
    static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        ForServlets() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(
                    request, response, callback, Responses.JSON, List.of(StandardCharsets.UTF_8), code, message, cause);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writeJson(writer, code);
        }
    }

    private static void writeJson(PrintWriter writer, int code) {
        String error = ErrorResponses.codeFor(code);
        LOG.info("HTTP {} outside the API handlers: {}", code, error);
        writer.write(Responses.error(error));
    }
}
