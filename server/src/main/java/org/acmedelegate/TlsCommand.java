package org.acmedelegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.acmedelegate.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acme-delegate tls status}: the API certificate that {@code [api.acme]} orders, as the running
 * server sees it (names, issuer, expiry, next renewal, last error), through the admin API.
 */
@Command(name = "tls", description = "The API's own certificate ([api.acme]).", subcommands = TlsCommand.Status.class)
final class TlsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    /** Prints the status, one aligned {@code field  value} line each, or the admin API's JSON. */
    @Command(name = "status", description = "Show the API certificate's names, expiry, next renewal and last error.")
    static final class Status implements Callable<Integer> {
        @Option(
                names = {"-c", "--config"},
                description = "TOML configuration file of the server (default: "
                        + "/etc/acme-delegate/acme-delegate.toml, else conf/acme-delegate.toml)")
        Path config;

        @Option(names = "--json", description = "print the admin API's JSON")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String reply = new AdminClient(new ConfigLoader()
                            .load(DefaultConfig.resolve(config))
                            .admin())
                    .send("GET", "/tls", null);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(reply.strip());
            } else {
                JsonNode status = new ObjectMapper().readTree(reply);
                for (Iterator<Map.Entry<String, JsonNode>> it = status.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode v = field.getValue();
                    java.util.List<String> items = new java.util.ArrayList<>();
                    v.forEach(n -> items.add(n.asText()));
                    String text = v.isNull() ? "-" : v.isArray() ? String.join(", ", items) : v.asText();
                    out.printf("%-14s%s%n", field.getKey(), text);
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
