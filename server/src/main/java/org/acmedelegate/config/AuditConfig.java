package org.acmedelegate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the audit log (one JSON line per event) is appended; empty writes it to standard output. With
 * {@code require}, audited actions are refused (503) while the log cannot be written.
 */
public record AuditConfig(Optional<Path> path, boolean require) {}
