package org.acmedelegate.hook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link Main} in-process with an injected environment, captured streams and recording fakes of
 * the API and the propagation wait, so adapter tests open no socket.
 */
final class CliHarness {
    /** What one run produced. */
    record Result(int status, String out, String err) {}

    /** One call the commands made on the API or the propagation wait. */
    record Call(String what, String fullDomain, String value) {}

    /** What a hook that sets {@code value} for the saved account does: the update, then the wait for it. */
    static Call[] setAndAwait(String value) {
        return new Call[] {
            new Call("update", FakeApiServer.FULLDOMAIN, value), new Call("await", FakeApiServer.FULLDOMAIN, value)
        };
    }

    final Map<String, String> env = new HashMap<>();
    final List<Call> calls = new ArrayList<>();
    final List<Settings.DnsSettings> dnsSettings = new ArrayList<>();
    HookException apiFailure;
    HookException awaitFailure;
    HookException deleteFailure;
    byte[] stdin = new byte[0];
    final List<java.nio.file.Path> caFiles = new ArrayList<>();
    final Path accounts;
    Path resolvConf;

    CliHarness(Path dir) {
        accounts = dir.resolve("accounts.json");
        resolvConf = dir.resolve("resolv.conf");
        env.put("ACME_DELEGATE_ACCOUNTS", accounts.toString());
    }

    CliHarness withAccount(String domain) throws HookException {
        new AccountFile(accounts)
                .save(
                        DomainKey.of(domain),
                        new Account(
                                FakeApiServer.USERNAME,
                                FakeApiServer.PASSWORD,
                                FakeApiServer.FULLDOMAIN,
                                FakeApiServer.SUBDOMAIN,
                                List.of(),
                                "https://auth.example.org"));
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DelegateApi api = new DelegateApi() {
            @Override
            public Account register(String serverUrl, List<String> allowFrom, String domain, String token)
                    throws HookException {
                calls.add(new Call(
                        "register " + serverUrl + " " + allowFrom
                                + (token == null ? "" : " " + domain + " token=" + token),
                        null,
                        null));
                fail();
                return new Account(
                        FakeApiServer.USERNAME,
                        FakeApiServer.PASSWORD,
                        FakeApiServer.FULLDOMAIN,
                        FakeApiServer.SUBDOMAIN,
                        allowFrom,
                        serverUrl);
            }

            @Override
            public TsigRegistration registerWithTsig(
                    String serverUrl, List<String> allowFrom, String domain, String token) throws HookException {
                calls.add(new Call("register-tsig " + serverUrl + " " + allowFrom + " " + domain, null, null));
                fail();
                return new TsigRegistration(
                        new Account(
                                FakeApiServer.USERNAME,
                                FakeApiServer.PASSWORD,
                                FakeApiServer.FULLDOMAIN,
                                FakeApiServer.SUBDOMAIN,
                                allowFrom,
                                serverUrl),
                        "dns_rfc2136_name = " + FakeApiServer.FULLDOMAIN + ".\n");
            }

            @Override
            public void update(Account account, TxtValue value) throws HookException {
                calls.add(new Call("update", account.fullDomain(), value.value()));
                fail();
            }

            @Override
            public void delete(Account account, TxtValue value) throws HookException {
                calls.add(new Call("delete", account.fullDomain(), value.value()));
                fail();
                if (deleteFailure != null) {
                    throw deleteFailure;
                }
            }
        };
        HookContext ctx = new HookContext(
                env,
                new java.io.ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                caFile -> {
                    caFiles.add(caFile);
                    return api;
                },
                settings -> {
                    dnsSettings.add(settings);
                    return (fullDomain, value) -> {
                        calls.add(new Call("await", fullDomain, value.value()));
                        if (awaitFailure != null) {
                            throw awaitFailure;
                        }
                    };
                },
                resolvConf,
                false,
                "/nonexistent-home");
        int status = new Main(ctx).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void fail() throws HookException {
        if (apiFailure != null) {
            throw apiFailure;
        }
    }
}
