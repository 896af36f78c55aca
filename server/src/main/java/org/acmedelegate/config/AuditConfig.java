package org.acmedelegate.config;

import java.nio.file.Path;
import java.util.Optional;

/** Where the audit log (one JSON line per event) is appended; empty writes it to standard output. */
public record AuditConfig(Optional<Path> path) {
}
