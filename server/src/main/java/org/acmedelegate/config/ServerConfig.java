package org.acmedelegate.config;

/**
 * The whole, validated configuration of one server process.
 *
 * @param jsonLog {@code [log] format = "json"}: one JSON object per log line instead of text
 * @param primary TSIG keys, zone transfers, NOTIFY and the IXFR journal (serving secondaries)
 * @param acme {@code [api.acme]}: the API's certificate from an ACME CA, when configured
 */
public record ServerConfig(
        DnsConfig dns,
        ApiConfig api,
        StoreConfig store,
        TxtConfig txt,
        String logLevel,
        boolean logDnsQueries,
        AdminConfig admin,
        AuditConfig audit,
        LimitsConfig limits,
        CnameCheckConfig cnameCheck,
        RrlConfig rrl,
        ClusterConfig cluster,
        RolesConfig roles,
        boolean jsonLog,
        PrimaryConfig primary,
        java.util.Optional<AcmeConfig> acme) {}
