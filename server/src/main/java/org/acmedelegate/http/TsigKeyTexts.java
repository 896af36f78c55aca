package org.acmedelegate.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.config.DnsConfig;
import org.acmedelegate.config.NameServer;

/**
 * How a new TSIG key is handed over: as JSON fields, as a certbot {@code rfc2136.ini} and as an
 * {@code nsupdate -k} key file. {@code server} and {@code port} are where UPDATEs go: the first DNS listen
 * address that is not a wildcard, else the first glue address of the zone's nameservers.
 */
public record TsigKeyTexts(String server, int port) {
    public TsigKeyTexts {
        Objects.requireNonNull(server, "server");
    }

    /** The address UPDATEs should go to, from the DNS config. */
    public static TsigKeyTexts from(DnsConfig dns) {
        InetSocketAddress first = dns.listen().isEmpty()
                ? new InetSocketAddress(53)
                : dns.listen().get(0);
        for (InetSocketAddress a : dns.listen()) {
            if (!a.getAddress().isAnyLocalAddress()) {
                return new TsigKeyTexts(a.getAddress().getHostAddress(), a.getPort());
            }
        }
        for (NameServer ns : dns.nameServers()) {
            for (InetAddress glue : ns.addresses()) {
                return new TsigKeyTexts(glue.getHostAddress(), first.getPort());
            }
        }
        return new TsigKeyTexts(first.getAddress().getHostAddress(), first.getPort());
    }

    /** The key as JSON fields: name, algorithm, base64 secret, and the two ready texts. */
    public Map<String, Object> fields(AccountTsigKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", key.nameText());
        out.put("algorithm", AccountTsigKey.ALGORITHM.text());
        out.put("secret", key.base64Secret());
        out.put("certbot_ini", certbotIni(key));
        out.put("nsupdate_key", nsupdateKey(key));
        return out;
    }

    /** The credentials file of certbot's dns-rfc2136 plugin. */
    public String certbotIni(AccountTsigKey key) {
        return "dns_rfc2136_server = " + server + "\n"
                + "dns_rfc2136_port = " + port + "\n"
                + "dns_rfc2136_name = " + key.nameText() + "\n"
                + "dns_rfc2136_secret = " + key.base64Secret() + "\n"
                + "dns_rfc2136_algorithm = HMAC-SHA256\n";
    }

    /** A key file for {@code nsupdate -k} (BIND's key statement). */
    public static String nsupdateKey(AccountTsigKey key) {
        return "key \"" + key.nameText() + "\" {\n"
                + "    algorithm " + AccountTsigKey.ALGORITHM.text() + ";\n"
                + "    secret \"" + key.base64Secret() + "\";\n"
                + "};\n";
    }
}
