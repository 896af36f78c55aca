package org.acmedelegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acme-delegate accounts ...}: the administrator's commands. Each one calls the running
 * server's admin API (address and token from the same config file), so a change reaches DNS at once.
 * Output is a table (or aligned fields) by default and JSON, one object per line, with {@code --json};
 * secrets appear only where a key is made (create, rotate-key).
 */
@Command(
        name = "accounts",
        description = "Administer accounts through the running server's admin API.",
        subcommands = {
            AccountsCommand.ListAccounts.class,
            AccountsCommand.Show.class,
            AccountsCommand.Create.class,
            AccountsCommand.Delete.class,
            AccountsCommand.RotateKey.class,
            AccountsCommand.SetAllowFrom.class,
            AccountsCommand.SetDomain.class,
            AccountsCommand.Disable.class,
            AccountsCommand.Enable.class,
            AccountsCommand.CheckCname.class,
            AccountsTsigCommand.class
        })
final class AccountsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    /** What every sub-command needs: the config file that names the admin listener and token. */
    abstract static class Base implements Callable<Integer> {
        @Option(
                names = {"-c", "--config"},
                description = "TOML configuration file of the server (default: "
                        + "/etc/acme-delegate/acme-delegate.toml, else conf/acme-delegate.toml)")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private ServerConfig loaded;

        ServerConfig serverConfig() {
            if (loaded == null) {
                loaded = new ConfigLoader().load(DefaultConfig.resolve(config));
            }
            return loaded;
        }

        AdminClient client() {
            return new AdminClient(serverConfig().admin());
        }

        @Option(names = "--json", description = "print JSON (one object per line) instead of a table, for scripts")
        boolean json;

        /** A reply of the admin API: as it came with {@code --json}, else as aligned fields. */
        void print(String reply) {
            if (json || reply.isBlank()) {
                spec.commandLine().getOut().println(reply.strip());
            } else {
                try {
                    spec.commandLine().getOut().print(AccountTable.one(JSON.readTree(reply)));
                } catch (java.io.IOException e) {
                    spec.commandLine().getOut().println(reply.strip());
                }
            }
            spec.commandLine().getOut().flush();
        }

        static String path(String id) {
            return "/accounts/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
    }

    /** A sub-command that sends one request about one account and prints the reply. */
    abstract static class OneAccount extends Base {
        private final String method;
        private final String suffix;

        @Parameters(index = "0", description = "username or subdomain")
        String id;

        OneAccount(String method, String suffix) {
            this.method = method;
            this.suffix = suffix;
        }

        /** The request's JSON body; none by default. */
        String body() {
            return null;
        }

        @Override
        public Integer call() {
            print(client().send(method, path(id) + suffix, body()));
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "list",
            description = "List accounts (no secrets); --search filters by username, subdomain or domain.")
    static final class ListAccounts extends Base {
        @Option(
                names = {"-s", "--search"},
                description = "text to look for")
        String search;

        @Override
        public Integer call() throws Exception {
            String query = search == null ? "" : "?q=" + URLEncoder.encode(search, StandardCharsets.UTF_8);
            JsonNode reply = JSON.readTree(client().send("GET", "/accounts" + query, null));
            if (json) {
                for (JsonNode account : reply.get("accounts")) {
                    print(JSON.writeValueAsString(account));
                }
            } else {
                List<JsonNode> accounts = new java.util.ArrayList<>();
                reply.get("accounts").forEach(accounts::add);
                spec.commandLine().getOut().print(AccountTable.list(accounts));
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "show", description = "Show one account: domain, allowfrom, live TXT values, CNAME status.")
    static final class Show extends OneAccount {
        Show() {
            super("GET", "");
        }
    }

    @Command(name = "create", description = "Create an account; prints its credentials once.")
    static final class Create extends Base {
        @Option(
                names = {"-d", "--domain"},
                description = "the domain it serves (example.com)")
        String domain;

        @Option(
                names = {"-a", "--allow-from"},
                split = ",",
                description = "CIDRs allowed to update")
        List<String> allowFrom = List.of();

        @Option(
                names = "--server-url",
                paramLabel = "URL",
                description = "the API's URL as the ACME client's host"
                        + " reaches it, put into the import line (default: from api.listen, with the zone's name for a"
                        + " wildcard address)")
        String serverUrl;

        @Option(
                names = "--import-file",
                paramLabel = "FILE",
                description = "also write the import line to this"
                        + " new file (mode 0600) for acme-delegate-hook add-account --from FILE")
        Path importFile;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            if (domain != null) {
                body.put("domain", domain);
            }
            ArrayNode networks = body.putArray("allowfrom");
            allowFrom.forEach(networks::add);
            ObjectNode created = (ObjectNode) JSON.readTree(client().send("POST", "/accounts", body.toString()));
            String url = serverUrl != null ? serverUrl : AccountHandover.serverUrl(serverConfig());
            String line = AccountHandover.line(created, url);
            created.put("import", line);
            print(created.toString());
            if (importFile != null) {
                ImportFile.write(importFile, line);
            }
            String name = domain == null ? "DOMAIN" : domain;
            spec.commandLine()
                    .getErr()
                    .println("Hand the 'import' line" + (importFile == null ? "" : " (also in " + importFile + ")")
                            + " to the host that runs the ACME client, and there run: "
                            + "acme-delegate-hook add-account --domain " + name
                            + " --from FILE (or --from - to paste it)");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "delete", description = "Delete an account; its TXT values leave DNS at once.")
    static final class Delete extends OneAccount {
        Delete() {
            super("DELETE", "");
        }
    }

    @Command(name = "rotate-key", description = "Give an account a new key (printed once); the old key stops working.")
    static final class RotateKey extends OneAccount {
        RotateKey() {
            super("POST", "/rotate-key");
        }
    }

    @Command(name = "set-allowfrom", description = "Replace the networks an account may update from (none: any).")
    static final class SetAllowFrom extends OneAccount {
        @Parameters(index = "1..*", arity = "0..*", description = "CIDRs")
        List<String> networks = List.of();

        SetAllowFrom() {
            super("PUT", "/allowfrom");
        }

        @Override
        String body() {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("allowfrom");
            networks.forEach(list::add);
            return body.toString();
        }
    }

    @Command(name = "set-domain", description = "Bind an account to the domain it serves (omit to unbind).")
    static final class SetDomain extends OneAccount {
        @Parameters(index = "1", arity = "0..1", description = "domain")
        String domain;

        SetDomain() {
            super("PUT", "/domain");
        }

        @Override
        String body() {
            ObjectNode body = JSON.createObjectNode();
            body.put("domain", domain); // null unbinds
            return body.toString();
        }
    }

    @Command(name = "disable", description = "Disable an account: updates refused, its TXT values not answered.")
    static final class Disable extends OneAccount {
        Disable() {
            super("POST", "/disable");
        }
    }

    @Command(name = "enable", description = "Enable a disabled account again.")
    static final class Enable extends OneAccount {
        Enable() {
            super("POST", "/enable");
        }
    }

    @Command(name = "check-cname", description = "Check _acme-challenge.<domain> now through the configured resolver.")
    static final class CheckCname extends OneAccount {
        CheckCname() {
            super("POST", "/check-cname");
        }
    }
}
