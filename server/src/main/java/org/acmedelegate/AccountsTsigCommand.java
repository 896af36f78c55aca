package org.acmedelegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acme-delegate accounts tsig ID}: gives an account a TSIG key for RFC 2136 updates (a second call
 * replaces it; the old one fails at once) and prints, once, certbot's {@code rfc2136.ini} and a key file
 * for {@code nsupdate -k}; {@code --remove} takes the key away.
 */
@Command(
        name = "tsig",
        description = "Give an account a TSIG key for RFC 2136 updates (replacing any) and print"
                + " certbot's rfc2136.ini and an nsupdate -k key file once; --remove takes it away.")
final class AccountsTsigCommand extends AccountsCommand.Base {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", description = "username or subdomain")
    String id;

    @Option(names = "--remove", description = "remove the account's TSIG key instead")
    boolean remove;

    @Override
    public Integer call() throws Exception {
        if (remove) {
            print(client().send("DELETE", path(id) + "/tsig", null));
            return ExitCode.OK.code();
        }
        String reply = client().send("POST", path(id) + "/tsig", null);
        if (json) {
            print(reply);
            return ExitCode.OK.code();
        }
        JsonNode key = JSON.readTree(reply);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "TSIG key %s (%s) of account %s; its secret is shown only now.%n%n",
                key.get("name").asText(),
                key.get("algorithm").asText(),
                key.get("username").asText());
        out.println("# certbot --dns-rfc2136-credentials FILE (mode 0600):");
        out.println(key.get("certbot_ini").asText());
        out.println("# nsupdate -k FILE:");
        out.print(key.get("nsupdate_key").asText());
        out.flush();
        return ExitCode.OK.code();
    }
}
