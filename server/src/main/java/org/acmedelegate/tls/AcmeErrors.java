package org.acmedelegate.tls;

import java.time.Instant;
import java.util.Optional;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeRetryAfterException;
import org.shredzone.acme4j.exception.AcmeServerException;

/** The CA's side of a failed order, for the log line and the status: what it said and when to ask again. */
final class AcmeErrors {
    private AcmeErrors() {}

    /** The CA's problem document when there is one, else the failure and its cause, on one line. */
    static String describe(Exception e) {
        String text;
        if (e instanceof AcmeServerException server && server.getProblem() != null) {
            text = server.getProblem().getType() + ": "
                    + server.getProblem().getDetail().orElse(e.getMessage());
        } else {
            text = e.getClass().getSimpleName() + ": " + e.getMessage();
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                text += " (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
            }
        }
        return text.replace('\n', ' ');
    }

    /** When the CA asked not to be asked again before ({@code Retry-After}, a rate limit's reset). */
    static Optional<Instant> retryAfter(Exception e) {
        if (e instanceof AcmeRateLimitedException limited) {
            return limited.getRetryAfter();
        }
        if (e instanceof AcmeRetryAfterException later) {
            return Optional.ofNullable(later.getRetryAfter());
        }
        return Optional.empty();
    }
}
