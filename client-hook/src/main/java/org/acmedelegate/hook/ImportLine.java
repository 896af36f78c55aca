package org.acmedelegate.hook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one-line hand-over of an account an administrator made ({@code acme-delegate accounts create}):
 * {@code acme-delegate-account:} followed by the base64url of the account's JSON (username, password,
 * fulldomain, subdomain, allowfrom, server_url). The account's JSON object itself is accepted too.
 */
final class ImportLine {
    static final String PREFIX = "acme-delegate-account:";

    private ImportLine() {}

    /** The account in {@code text}; errors never quote the text, which holds the password. */
    static Account parse(String text) throws HookException {
        String s = text.strip();
        String json;
        if (s.startsWith(PREFIX)) {
            try {
                json = new String(
                        Base64.getUrlDecoder()
                                .decode(s.substring(PREFIX.length()).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("the text after '" + PREFIX + "' is not base64url (was the line cut or wrapped?)");
            }
        } else if (s.startsWith("{")) {
            json = s;
        } else {
            throw invalid("it should start with '" + PREFIX + "' as 'acme-delegate accounts create' prints it");
        }
        try {
            return AccountJson.readAccount(json);
        } catch (AccountJson.InvalidJson e) {
            throw invalid("it does not hold an account with username, password, fulldomain and subdomain");
        }
    }

    private static HookException invalid(String why) {
        return new HookException(ExitCode.USAGE, "the account to import is not an import line: " + why);
    }
}
