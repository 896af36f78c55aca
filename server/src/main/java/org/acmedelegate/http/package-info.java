/**
 * The acme-dns compatible HTTP API. {@link org.acmedelegate.http.ApiApp#create} returns an unstarted
 * Javalin app; everything else here is package-private.
 *
 * <p>Wire contract, as acme-dns v1.1 and the clients built against it expect:
 * <ul>
 * <li>{@code POST /register}: 201, {@code {"username":..,"password":..,"fulldomain":..,"subdomain":..,
 *     "allowfrom":[..]}} on one line without spaces; 404 {@code not_found} when registration is disabled.</li>
 * <li>{@code POST /update}, {@code DELETE /update}: headers {@code X-Api-User} and {@code X-Api-Key}, body
 *     {@code {"subdomain":..,"txt":..}}; 200 {@code {"txt":"<value>"}} for both (DELETE of an absent value
 *     too). Checks run in acme-dns's order: credentials and allowfrom (401 {@code forbidden}), JSON
 *     (400 {@code malformed_json_payload}), subdomain syntax (400 {@code bad_subdomain}), ownership
 *     (401 {@code forbidden}), value (400 {@code bad_txt}).</li>
 * <li>{@code GET /health}: 200 with an empty body.</li>
 * <li>Every error is {@code {"error":"<code>"}}: the codes of {@link org.acmedelegate.account.ErrorCode},
 *     plus {@code method_not_allowed} (405) and {@code bad_request} (other 4xx that Jetty raises, such
 *     as an oversized header or a refused URI).</li>
 * </ul>
 *
 * <p>Bodies are JSON whatever the Content-Type says; keys match case-insensitively and, when a key
 * repeats in any spelling, the last one wins (as Go's {@code encoding/json} does). Paths may carry an
 * extra leading or trailing slash. {@code X-Forwarded-For} is believed only from trusted proxies; see
 * {@link org.acmedelegate.http.ClientAddress}.
 */
package org.acmedelegate.http;
