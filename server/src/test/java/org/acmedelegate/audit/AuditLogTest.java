package org.acmedelegate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acmedelegate.TestClock;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.config.AuditConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-02-03T04:05:06Z"));

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerEventWithOnlyTheKnownFields() {
        List<String> lines = new ArrayList<>();
        AuditLog log = new AuditLog(clock, lines::add);
        log.record(AuditEvent.of("register", "denied", "192.0.2.1").detail("missing token"));
        assertThat(lines)
                .containsExactly("{\"time\":\"2026-02-03T04:05:06Z\",\"action\":\"register\","
                        + "\"result\":\"denied\",\"client\":\"192.0.2.1\",\"detail\":\"missing token\"}");
    }

    @Test
    void namesTheAccountItsSubdomainAndDomainButNeverTheKeyHash() {
        List<String> lines = new ArrayList<>();
        Account a = new Account(
                UUID.fromString("0b7e6d5c-4b3a-4c1e-9a8f-3f1c2a9e5d6b"),
                "$2a$04$secret-hash",
                new Subdomain("abc"),
                AllowFrom.ANY,
                clock.instant(),
                Optional.of("example.com"),
                false);
        new AuditLog(clock, lines::add)
                .record(AuditEvent.of("admin.delete", "ok", "127.0.0.1")
                        .actor("admin")
                        .about(a));
        assertThat(lines.get(0))
                .contains(
                        "\"account\":\"0b7e6d5c-4b3a-4c1e-9a8f-3f1c2a9e5d6b\"",
                        "\"subdomain\":\"abc\"",
                        "\"domain\":\"example.com\"",
                        "\"actor\":\"admin\"")
                .doesNotContain("$2a$");
    }

    @Test
    void appendsToAFileAcrossReopening() throws Exception {
        Path file = dir.resolve("logs/audit.log");
        try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(file), false), clock)) {
            log.record(AuditEvent.of("update", "ok", "::1"));
        }
        try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(file), false), clock)) {
            log.record(AuditEvent.of("withdraw", "ok", "::1"));
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.startsWith("{\"time\":"));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aFailingSinkDoesNotFailTheCaller() {
        AuditLog log = new AuditLog(clock, line -> {
            throw new IllegalStateException("disk full");
        });
        log.record(AuditEvent.of("update", "ok", "::1"));
        assertThat(log.writeFailures()).isEqualTo(1);
    }

    @Test
    void linesLostWhileTheSinkFailsAreCountedAndTheNextWrittenLineSaysHowMany() {
        List<String> lines = new ArrayList<>();
        boolean[] full = {true};
        AuditLog log = new AuditLog(clock, diskThatFills(lines, full));
        log.record(AuditEvent.of("update", "ok", "::1"));
        log.record(AuditEvent.of("withdraw", "ok", "::1"));
        assertThat(log.writeFailures()).isEqualTo(2);
        assertThat(log.writable()).isFalse();
        assertThat(lines).isEmpty();

        full[0] = false;
        log.record(AuditEvent.of("register", "ok", "::1"));
        assertThat(lines).as("both lines in one write: both land or neither").hasSize(1);
        List<String> written = List.of(lines.get(0).split("\n"));
        assertThat(written).hasSize(2);
        assertThat(written.get(0))
                .contains(
                        "\"action\":\"audit\"",
                        "\"result\":\"resumed\"",
                        "\"detail\":\"2 earlier line(s) could not be written\"");
        assertThat(written.get(1)).contains("\"action\":\"register\"");
        assertThat(log.writable()).isTrue();
        assertThat(log.writeFailures()).isEqualTo(2);
    }

    @Test
    void writableProbesAFailingLogWithTheResumedLine() {
        List<String> lines = new ArrayList<>();
        boolean[] full = {true};
        AuditLog log = new AuditLog(clock, diskThatFills(lines, full));
        assertThat(log.writable()).as("nothing failed yet").isTrue();
        log.record(AuditEvent.of("update", "ok", "::1"));
        assertThat(log.writable()).isFalse();
        full[0] = false;
        assertThat(log.writable()).isTrue();
        assertThat(lines).singleElement().asString().contains("\"result\":\"resumed\"");
    }

    @Test
    void aRenamedFileIsLeftBehindAndTheNextLineStartsANewOneAtThePath() throws Exception {
        Path file = dir.resolve("audit.log");
        Path rotated = dir.resolve("audit.log.1");
        try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(file), false), clock)) {
            log.record(AuditEvent.of("update", "ok", "::1"));
            Files.move(file, rotated);
            log.record(AuditEvent.of("withdraw", "ok", "::1"));
        }
        assertThat(Files.readAllLines(rotated)).singleElement().asString().contains("\"update\"");
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"withdraw\"");
        assertOwnerOnly(file);
    }

    @Test
    void aDeletedFileIsCreatedAgainOwnerOnly() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(file), false), clock)) {
            log.record(AuditEvent.of("update", "ok", "::1"));
            Files.delete(file);
            log.record(AuditEvent.of("withdraw", "ok", "::1"));
        }
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"withdraw\"");
        assertOwnerOnly(file);
    }

    @Test
    void reopenStartsTheNewFileAtOnce() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(new AuditConfig(Optional.of(file), false), clock)) {
            log.record(AuditEvent.of("update", "ok", "::1"));
            Files.move(file, dir.resolve("audit.log.1"));
            log.reopen();
            assertThat(file).exists().isEmptyFile();
        }
    }

    /** A sink that fails like a full disk while {@code full[0]} and otherwise keeps each write in {@code lines}. */
    private static java.util.function.Consumer<String> diskThatFills(List<String> lines, boolean[] full) {
        return line -> {
            if (full[0]) {
                throw new IllegalStateException("No space left on device");
            }
            lines.add(line);
        };
    }

    private static void assertOwnerOnly(Path file) throws Exception {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }
}
