package org.acmedelegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.acmedelegate.config.ServerConfig;

/**
 * The one-line hand-over of an account made by {@code accounts create} to the host that runs the ACME
 * client: {@code acme-delegate-account:} and the base64url of the account as the hook's account file
 * holds it (username, password, fulldomain, subdomain, allowfrom, server_url), read by
 * {@code acme-delegate-hook add-account}.
 */
final class AccountHandover {
    static final String PREFIX = "acme-delegate-account:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountHandover() {}

    /** The import line for a created account (the admin API's reply) reached at {@code serverUrl}. */
    static String line(JsonNode created, String serverUrl) {
        ObjectNode account = JSON.createObjectNode();
        for (String field : new String[] {"username", "password", "fulldomain", "subdomain"}) {
            account.set(field, created.get(field));
        }
        account.set("allowfrom", created.has("allowfrom") ? created.get("allowfrom") : JSON.createArrayNode());
        account.put("server_url", serverUrl);
        return PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(account.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The API's URL as clients reach it, from the configuration: https when TLS is on; a wildcard listen
     * address is taken to be reached by the zone's name (the usual name on the API certificate).
     */
    static String serverUrl(ServerConfig config) {
        boolean tls = config.api().tls();
        InetAddress address = config.api().listen().getAddress();
        String host = address.isAnyLocalAddress()
                ? config.dns().zone().toString(true)
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        int port = config.api().listen().getPort();
        boolean defaultPort = tls ? port == 443 : port == 80;
        return (tls ? "https://" : "http://") + host + (defaultPort ? "" : ":" + port);
    }
}
