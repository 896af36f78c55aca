package org.acmedelegate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every adapter does once it has parsed its client's arguments: find the account for the name,
 * set or remove the value through the API, and after setting wait until DNS serves it.
 */
final class Challenges {
    private final HookContext ctx;
    private final Settings settings;
    private final boolean progressByDefault;

    Challenges(HookContext ctx, Settings settings) {
        this(ctx, settings, true);
    }

    /** @param progressByDefault whether the wait reports on stderr when ACME_DELEGATE_PROGRESS is unset */
    Challenges(HookContext ctx, Settings settings, boolean progressByDefault) {
        this.ctx = ctx;
        this.settings = settings;
        this.progressByDefault = progressByDefault;
    }

    /** Sets {@code value} for {@code name} and returns once every authoritative server answers it. */
    void present(String name, String value) throws HookException {
        presentAll(List.of(Map.entry(name, value)));
    }

    /**
     * Sets every (name, value) pair, then waits for all of them, so that a client handing over several
     * challenges at once (dehydrated's {@code HOOK_CHAIN}) waits for propagation once, not once per name.
     */
    void presentAll(List<Map.Entry<String, String>> challenges) throws HookException {
        List<Located> found = new ArrayList<>();
        List<TxtValue> values = new ArrayList<>();
        for (Map.Entry<String, String> c : challenges) {
            values.add(txt(c.getValue()));
            found.add(locate(c.getKey()));
        }
        // Settings first: a missing resolver should fail before anything changes on the server.
        Propagation propagation = ctx.propagation().create(settings.dnsSettings(ctx, progressByDefault));
        DelegateApi api = settings.api(ctx);
        for (int i = 0; i < found.size(); i++) {
            try {
                api.update(found.get(i).account(), values.get(i));
            } catch (HookException e) {
                throw explain(e, found.get(i));
            }
        }
        for (int i = 0; i < found.size(); i++) {
            try {
                propagation.awaitServed(found.get(i).account().fullDomain(), values.get(i));
            } catch (HookException e) {
                if (e.exitCode() != ExitCode.DNS_ERROR) {
                    throw e;
                }
                throw withdrawn(e, api, found, values);
            }
        }
    }

    /**
     * The wait could not even start (the nameservers were not found): the values just set would otherwise
     * stay on the server until the ACME client's cleanup, which some clients skip when the hook failed.
     */
    private static HookException withdrawn(
            HookException cause, DelegateApi api, List<Located> found, List<TxtValue> values) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            String name = found.get(i).account().fullDomain();
            try {
                api.delete(found.get(i).account(), values.get(i));
                removed.add(name);
            } catch (HookException e) {
                kept.add(name + " (removing it failed: " + e.getMessage() + ")");
            }
        }
        String outcome = kept.isEmpty()
                ? "; the value set for " + String.join(", ", removed) + " was removed again"
                : "; the value for " + String.join(", ", kept) + " is still set on the server"
                        + (removed.isEmpty() ? "" : ", the one for " + String.join(", ", removed) + " was removed");
        return new HookException(
                cause.exitCode(), "cannot wait for DNS propagation: " + cause.getMessage() + outcome, cause);
    }

    /** Removes {@code value} for {@code name}. */
    void remove(String name, String value) throws HookException {
        TxtValue txt = txt(value);
        Located found = locate(name);
        try {
            settings.api(ctx).delete(found.account(), txt);
        } catch (HookException e) {
            throw explain(e, found);
        }
    }

    /** An account and the key it is saved under. */
    record Located(DomainKey key, Account account, AccountFile file) {}

    /**
     * The account for {@code name}: {@code example.com}, {@code *.example.com}, {@code _acme-challenge.example.com.}
     * or the CNAME target itself, which lego passes once it has followed the CNAME.
     */
    Located locate(String name) throws HookException {
        DomainKey key = key(name);
        AccountFile file = settings.accountFile(ctx);
        Map<DomainKey, Account> accounts = file.readAll();
        Account account = accounts.get(key);
        DomainKey savedUnder = key;
        if (account == null) {
            for (Map.Entry<DomainKey, Account> e : accounts.entrySet()) {
                if (e.getValue().fullDomain().equalsIgnoreCase(key.value())) {
                    account = e.getValue();
                    savedUnder = e.getKey();
                }
            }
        }
        if (account == null) {
            throw new HookException(
                    ExitCode.NO_ACCOUNT,
                    "no account for " + key + " in " + file.path() + "; create one with: " + Main.NAME
                            + " register --server URL --domain " + key);
        }
        if (account.serverUrl() == null || account.serverUrl().isBlank()) {
            String server = ctx.envValue("ACME_DELEGATE_SERVER");
            if (server == null) {
                throw new HookException(
                        ExitCode.ACCOUNT_FILE,
                        "the account for " + savedUnder + " in " + file.path()
                                + " has no server_url; add it to that entry or set ACME_DELEGATE_SERVER");
            }
            account = account.withServerUrl(server);
        }
        return new Located(savedUnder, account, file);
    }

    static DomainKey key(String name) throws HookException {
        try {
            return DomainKey.of(name);
        } catch (IllegalArgumentException e) {
            throw new HookException(ExitCode.USAGE, e.getMessage());
        }
    }

    static TxtValue txt(String value) throws HookException {
        try {
            return new TxtValue(value);
        } catch (IllegalArgumentException e) {
            throw new HookException(ExitCode.USAGE, e.getMessage());
        }
    }

    private static HookException explain(HookException e, Located found) {
        if (e.exitCode() != ExitCode.UNAUTHORIZED) {
            return e;
        }
        return new HookException(
                ExitCode.UNAUTHORIZED,
                e.getMessage() + " for " + found.key()
                        + " as saved in " + found.file().path()
                        + "; check that entry, or whether this host's address is "
                        + "outside its allowfrom " + found.account().allowFrom() + ", or register again with: "
                        + Main.NAME + " register --server " + found.account().serverUrl() + " --domain " + found.key()
                        + " --force",
                e);
    }
}
