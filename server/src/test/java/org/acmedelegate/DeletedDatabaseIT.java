package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.acmedelegate.ApiAndDnsClient.Account;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.SqliteAccountStore;
import org.acmedelegate.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The database files deleted under a running server: /ready turns false with the reason, writes answer 503
 * (not 200 into the deleted file), DNS answers from memory, the fault is logged once; and the next start
 * creates an empty database only with a warning, or not at all with {@code --no-create}.
 */
class DeletedDatabaseIT {
    @TempDir
    Path dir;

    private AcmeDelegate server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        for (Class<?> source : List.of(AccountService.class, SqliteAccountStore.class)) {
            ((Logger) LoggerFactory.getLogger(source)).addAppender(log);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        for (Class<?> source : List.of(AccountService.class, SqliteAccountStore.class)) {
            ((Logger) LoggerFactory.getLogger(source)).detachAppender(log);
        }
    }

    @Test
    void deletedFilesMakeTheServerUnreadyAndRefuseWritesWhileDnsAnswersAndTheNextStartDoesNotQuietlyStartEmpty()
            throws Exception {
        Path db = dir.resolve("data/acme-delegate.db");
        ServerConfig config = new ConfigLoader().parse(LoopbackConfig.toml(db, "check_interval = \"200ms\"", ""));
        server = AcmeDelegate.start(config, Clock.systemUTC(), true);
        assertThat(warnings())
                .anyMatch(line -> line.contains(db.toAbsolutePath() + " does not exist: creating a new, empty one"));
        ApiAndDnsClient client = new ApiAndDnsClient(server);
        Account account = client.register();
        String value = ApiAndDnsClient.value(1);
        assertThat(client.update(account, value).statusCode()).isEqualTo(200);
        assertThat(server.metrics().scrape()).contains("acme_delegate_store_writable 1.0");

        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
        client.awaitReady(
                r -> r.statusCode() == 503 && r.body().equals("{\"ready\":false,\"reason\":\"database_gone\"}"),
                Duration.ofSeconds(10));
        HttpResponse<String> update = client.update(account, ApiAndDnsClient.value(2));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(503);
        assertThat(update.body()).isEqualTo("{\"error\":\"service_unavailable\"}");
        assertThat(update.headers().firstValue("Retry-After")).isPresent();
        assertThat(client.postRegister().statusCode()).isEqualTo(503);
        assertThat(client.txt(account)).containsExactly(value);
        assertThat(db).doesNotExist();
        assertThat(server.metrics().scrape()).contains("acme_delegate_store_writable 0.0");

        Thread.sleep(1000); // five more store checks: still one error line
        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.ERROR)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("database_gone")
                        .contains(db.toAbsolutePath() + " was deleted")
                        .contains("restarted"));

        server.close();
        server = null;
        assertThatThrownBy(() -> AcmeDelegate.start(config, Clock.systemUTC(), false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("database " + db.toAbsolutePath() + " does not exist");
        assertThat(db).doesNotExist();
    }

    private List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
