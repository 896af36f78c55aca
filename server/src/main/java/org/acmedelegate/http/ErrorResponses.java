package org.acmedelegate.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become replies: {@code {"error":"<code>"}} with the status acme-dns
 * clients expect, and one log line each. Internal detail (exception messages, SQL, paths, stack
 * traces) goes to the log only, never to the client.
 */
final class ErrorResponses {
    static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    static void install(JavalinConfig config) {
        config.routes.exception(ApiException.class, ErrorResponses::apiError);
        config.routes.exception(HttpResponseException.class, ErrorResponses::frameworkError);
        config.routes.exception(Exception.class, ErrorResponses::unexpected);
        config.router.javaLangErrorHandler((response, error) -> {
            LOG.error("internal error", error);
            try {
                response.setStatus(500);
                response.setContentType(Responses.JSON);
                response.getOutputStream()
                        .write(Responses.error(ErrorCode.INTERNAL_ERROR.code()).getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException | RuntimeException ignored) {
                // The connection is lost or the response committed; nothing more can be told.
            }
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler.ForServer()));
        config.jetty.modifyServletContextHandler(
                context -> context.setErrorHandler(new JsonErrorHandler.ForServlets()));
    }

    private static void apiError(ApiException e, Context ctx) {
        ErrorCode error = e.error();
        if (error == ErrorCode.UNAVAILABLE) {
            // A passing state (a lock, a full bcrypt queue, a database being restored), logged once where it
            // is detected: one line per refused request here, without a stack trace.
            LOG.warn(
                    "{} {}: {} ({}{})",
                    ctx.method(),
                    ctx.path(),
                    error.code(),
                    e.getMessage(),
                    e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        } else if (error.status() >= 500) {
            LOG.error("{} {}: {} ({})", ctx.method(), ctx.path(), error.code(), e.getMessage(), e.getCause());
        } else {
            LOG.info("{} {}: {} ({})", ctx.method(), ctx.path(), error.code(), e.getMessage());
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        reply(ctx, error.status(), error.code());
    }

    private static void frameworkError(HttpResponseException e, Context ctx) {
        String code = codeFor(e.getStatus());
        LOG.info("{} {}: {}", ctx.method(), ctx.path(), code);
        reply(ctx, e.getStatus(), code);
    }

    private static void unexpected(Exception e, Context ctx) {
        LOG.error("{} {}: internal error", ctx.method(), ctx.path(), e);
        reply(ctx, 500, ErrorCode.INTERNAL_ERROR.code());
    }

    private static void reply(Context ctx, int status, String code) {
        ctx.status(status).contentType(Responses.JSON).result(Responses.error(code));
    }

    /** The code for a status that arose outside our handlers (routing, Jetty, Javalin). */
    static String codeFor(int status) {
        return switch (status) {
            case 401, 403 -> ErrorCode.FORBIDDEN.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 503 -> ErrorCode.UNAVAILABLE.code();
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR.code() : "bad_request";
        };
    }
}
