package org.acmedelegate.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestPostgres} server for a whole test class, started before its first test and stopped after
 * its last: {@code @RegisterExtension static final PostgresPerClass POSTGRES = new PostgresPerClass();}.
 */
public final class PostgresPerClass implements BeforeAllCallback, AfterAllCallback {
    private TestPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    /** The running server. */
    public TestPostgres server() {
        return server;
    }
}
