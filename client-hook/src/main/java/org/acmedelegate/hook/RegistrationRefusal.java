package org.acmedelegate.hook;

/**
 * What a refused {@code POST /register} says about the server's registration mode, and what to do:
 * 404 means closed (an administrator makes accounts), 401 means token mode without a valid token,
 * 403 means the token may not register that domain.
 */
final class RegistrationRefusal {
    private RegistrationRefusal() {}

    /** Throws the explained refusal for these statuses; returns for any other. */
    static void check(String serverUrl, int status, String code, boolean sentToken, String domain)
            throws HookException {
        String domainArg = domain == null ? "DOMAIN" : domain;
        switch (status) {
            case 404 ->
                throw new HookException(
                        ExitCode.SERVER_REJECTED,
                        "registration is closed on " + serverUrl
                                + " (HTTP 404): only its administrator makes accounts. Ask them to run 'acme-delegate accounts "
                                + "create --domain " + domainArg + "' and hand you the import line, then run: "
                                + Main.NAME
                                + " add-account --domain " + domainArg + " --from FILE");
            case 401 ->
                throw new HookException(
                        ExitCode.UNAUTHORIZED,
                        sentToken
                                ? serverUrl + " refused the registration token (HTTP 401 " + code
                                        + "): it needs a token, and "
                                        + "this one is not among its api.registration_tokens; check the token file"
                                : serverUrl + " needs a registration token (HTTP 401 " + code
                                        + "): registration there is in "
                                        + "token mode. Pass --token-file FILE (or set ACME_DELEGATE_REGISTRATION_TOKEN) with "
                                        + "the token its administrator gave you");
            case 403 ->
                throw new HookException(
                        ExitCode.SERVER_REJECTED,
                        serverUrl + " refused to register "
                                + domainArg + " with this token (HTTP 403 " + code + "): the token is limited to other "
                                + "domains; ask the administrator for a token that covers " + domainArg);
            default -> {
                // not a refusal of the registration itself
            }
        }
    }
}
