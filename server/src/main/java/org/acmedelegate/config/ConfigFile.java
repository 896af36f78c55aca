package org.acmedelegate.config;

import java.util.List;

/**
 * The TOML file as written, before defaults and checks. Keys are the snake_case forms of these
 * component names; an unknown key is an error. Durations are {@code Object}: a number of seconds or a
 * string such as {@code "24h"}. {@link ConfigLoader} turns this into {@link ServerConfig}.
 */
record ConfigFile(
        Dns dns,
        Api api,
        Store store,
        Txt txt,
        Log log,
        Admin admin,
        Audit audit,
        Limits limits,
        CnameCheck cnameCheck,
        Cluster cluster) {

    record Dns(
            List<String> listen,
            String zone,
            String soaContact,
            Object txtTtl,
            Object soaTtl,
            Object negativeTtl,
            List<NameServerEntry> nameservers,
            List<String> records,
            Tcp tcp,
            Rrl rrl,
            Boolean enabled,
            List<TsigKeyEntry> tsigKeys,
            Transfer transfer,

            @com.fasterxml.jackson.annotation.JsonProperty("notify")
            List<NotifyEntry> notifyTargets,

            Journal journal,
            Integer udpWorkers) {}

    record TsigKeyEntry(String name, String algorithm, String secretFile) {}

    record Transfer(List<TransferAllowEntry> allow) {}

    record TransferAllowEntry(String address, String tsigKey) {}

    record NotifyEntry(String address, String tsigKey) {}

    record Journal(Object maxAge, Integer maxChanges) {}

    record NameServerEntry(String name, List<String> addresses) {}

    record Tcp(
            Object idleTimeout,
            Object partialTimeout,
            Integer maxConnections,
            Integer maxConnectionsPerNetwork,
            Integer maxPendingBytes) {}

    record Api(
            String listen,
            String tlsCert,
            String tlsKey,
            List<String> trustedProxies,
            Boolean disableRegistration,
            Integer bcryptCost,
            Integer maxBodyBytes,
            String registration,
            List<RegistrationTokenEntry> registrationTokens,
            List<String> corsOrigins,
            Object tlsReloadInterval,
            Boolean plainHttp,
            Boolean enabled,
            Acme acme) {}

    record Acme(
            String directory,
            String email,
            List<String> names,
            String caCertificates,
            String keyType,
            Object renewBefore,
            Object retryMin,
            Object retryMax) {}

    record RegistrationTokenEntry(String name, String token, List<String> domains) {}

    record Admin(String listen, String token, String tokenFile) {}

    record Audit(String path, Boolean require) {}

    record Limits(String register, String authFailures, Integer maxConcurrentBcrypt) {}

    record CnameCheck(String resolver, Object interval) {}

    record Rrl(
            Boolean enabled,
            Integer responsesPerSecond,
            Integer errorsPerSecond,
            Integer slip,
            Integer window,
            Integer ipv4PrefixLength,
            Integer ipv6PrefixLength) {}

    record Store(
            String engine, String sqlitePath, Object checkInterval, Postgresql postgresql, String secretsKeyFile) {}

    record Postgresql(String url, String user, String passwordFile, Integer poolSize) {}

    record Cluster(
            String nodeName,
            String waitFor,
            Object waitTimeout,
            Object heartbeatInterval,
            Object nodeTimeout,
            Object pollInterval) {}

    record Txt(Integer maxValues, Object lifetime) {}

    record Log(String level, Boolean dnsQueries, String format) {}
}
