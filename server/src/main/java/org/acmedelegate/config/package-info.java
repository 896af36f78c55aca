/**
 * The configuration: one immutable record tree ({@link org.acmedelegate.config.ServerConfig}) and its TOML
 * loader. Every default and every check lives here; a bad file fails at start with a message naming the key.
 */
package org.acmedelegate.config;
