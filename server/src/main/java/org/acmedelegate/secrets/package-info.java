/**
 * Secrets the server must be able to read back (TSIG keys, unlike API keys, which are only hashed): the
 * key file of {@code [store] secrets_key_file} and AES-GCM sealing of values stored with it.
 */
package org.acmedelegate.secrets;
