package org.acmedelegate.http;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code /ready} answers: ready, or not with a short reason code (such as {@code database_locked}
 * or {@code dns_not_listening}) that names no file and holds no secret.
 */
public record Readiness(Optional<String> problem) {
    public static final Readiness READY = new Readiness(Optional.empty());

    public Readiness {
        Objects.requireNonNull(problem, "problem");
    }

    public static Readiness notReady(String reason) {
        return new Readiness(Optional.of(reason));
    }

    public boolean ready() {
        return problem.isEmpty();
    }
}
