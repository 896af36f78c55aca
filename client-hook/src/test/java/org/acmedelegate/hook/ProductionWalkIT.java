package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/production.toml} walked as an operator would ({@code e2e/run.sh} with {@code E2E_MODE=production}):
 * the server from a copy of it on high ports, its API over TLS with a certificate and SEC1 key from a test CA,
 * registration closed; the administrator creates the account and the hook imports it with {@code --ca-file};
 * Certbot gets a certificate from Pebble through the hook; then the same server in token mode, where the hook
 * registers with the token and without one gets the explained refusal.
 */
class ProductionWalkIT {
    private static E2eWorld.Run run;

    @BeforeAll
    static void walk() throws Exception {
        run = E2eWorld.run("e2e-production", Map.of("E2E_MODE", "production"), "certbot");
    }

    private static void assertCheck(String name) {
        assertThat(run.output())
                .as("e2e/run.sh output (full log in client-hook/target/e2e-production)")
                .contains("CHECK " + name + " status=OK");
    }

    @Test
    void checkConfigAcceptsTheCertificateAndItsSec1Key() {
        assertCheck("check-config");
    }

    @Test
    void theClosedServerRefusesRegistrationAndSaysHowToGetAnAccount() {
        assertCheck("register-closed");
    }

    @Test
    void withoutTheCaFileTheHookSaysTheCertificateIsNotTrusted() {
        assertCheck("register-untrusted");
    }

    @Test
    void theAccountTheAdministratorMadeIsImportedIntoAPrivateAccountFile() {
        assertCheck("add-account");
    }

    @Test
    void certbotGetsApexAndWildcardThroughTheImportedAccount() {
        assertThat(run.output()).anyMatch(line -> line.startsWith("RESULT client=certbot status=OK "));
    }

    @Test
    void inTokenModeTheHookRegistersOnlyWithTheTokenAndOnlyForItsDomains() {
        assertCheck("register-without-token");
        assertCheck("register-with-token");
        assertCheck("register-token-other-domain");
    }

    @Test
    void theWholeWalkSucceeds() {
        assertThat(run.exitCode()).as("exit code of e2e/run.sh").isZero();
        assertThat(run.output()).contains("e2e: 1 passed, 0 failed, 7 checks with 0 failed");
    }
}
