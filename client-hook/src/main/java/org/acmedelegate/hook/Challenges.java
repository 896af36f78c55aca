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

    Challenges(HookContext ctx, Settings settings) {
        this.ctx = ctx;
        this.settings = settings;
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
        Propagation propagation = ctx.propagation().create(settings.dnsSettings(ctx));
        DelegateApi api = settings.api(ctx);
        for (int i = 0; i < found.size(); i++) {
            try {
                api.update(found.get(i).account(), values.get(i));
            } catch (HookException e) {
                throw explain(e, found.get(i));
            }
        }
        for (int i = 0; i < found.size(); i++) {
            propagation.awaitServed(found.get(i).account().fullDomain(), values.get(i));
        }
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
    record Located(DomainKey key, Account account, AccountFile file) {
    }

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
            throw new HookException(ExitCode.NO_ACCOUNT, "no account for " + key + " in " + file.path()
                    + "; create one with: " + Main.NAME + " register --server URL --domain " + key);
        }
        if (account.serverUrl() == null || account.serverUrl().isBlank()) {
            String server = ctx.envValue("ACME_DELEGATE_SERVER");
            if (server == null) {
                throw new HookException(ExitCode.ACCOUNT_FILE, "the account for " + savedUnder + " in " + file.path()
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
        return new HookException(ExitCode.UNAUTHORIZED, e.getMessage() + " for " + found.key()
                + " as saved in " + found.file().path() + "; check that entry, or whether this host's address is "
                + "outside its allowfrom " + found.account().allowFrom() + ", or register again with: "
                + Main.NAME + " register --server " + found.account().serverUrl() + " --domain " + found.key()
                + " --force", e);
    }
}
