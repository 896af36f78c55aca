package org.acmedelegate.hook;

import java.util.List;

/**
 * The acme-delegate (acme-dns) HTTP API as the hook uses it. Every failure is a {@link HookException}
 * whose message names the server URL and never a credential.
 */
public interface DelegateApi {
    /**
     * {@code POST /register}; the returned account carries {@code serverUrl}. With a registration
     * {@code token} (null: none) it is sent as {@code Authorization: Bearer} together with {@code domain}.
     */
    Account register(String serverUrl, List<String> allowFrom, String domain, String token) throws HookException;

    /**
     * {@code POST /register} asking for a TSIG key too, with {@code domain} always sent (the server serves
     * {@code _acme-challenge.<domain>} to that key); the reply's certbot {@code rfc2136.ini} text comes back
     * beside the account.
     */
    TsigRegistration registerWithTsig(String serverUrl, List<String> allowFrom, String domain, String token)
            throws HookException;

    /** An account with its TSIG key as certbot's credentials file. */
    record TsigRegistration(Account account, String certbotIni) {}

    /** {@code POST /update}: when it returns, the server's DNS already answers {@code value}. */
    void update(Account account, TxtValue value) throws HookException;

    /** {@code DELETE /update}: removes that one value. */
    void delete(Account account, TxtValue value) throws HookException;
}
