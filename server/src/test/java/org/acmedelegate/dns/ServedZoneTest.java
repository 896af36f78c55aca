package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.acmedelegate.dns.TestServedZone.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.DnsConfig;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ServedZoneTest {

    private static DnsConfig withStatic(Record... extra) {
        DnsConfig base = TestServedZone.config();
        List<Record> records = new ArrayList<>(base.staticRecords());
        records.addAll(List.of(extra));
        return new DnsConfig(
                base.listen(),
                base.zone(),
                base.nameServers(),
                base.soaContact(),
                base.txtTtl(),
                base.soaTtl(),
                base.negativeTtl(),
                records,
                base.tcp(),
                base.udpWorkers());
    }

    @Test
    void knowsTheApexStaticOwnersGlueOwnersAndEmptyNonTerminals() {
        ServedZone zone = TestServedZone.zone();

        assertThat(List.of(
                        "auth.example.org.",
                        "www.auth.example.org.",
                        "ns1.auth.example.org.",
                        "a.b.c.auth.example.org.",
                        "b.c.auth.example.org.",
                        "c.auth.example.org.",
                        "alias.auth.example.org."))
                .allSatisfy(n -> assertThat(zone.exists(name(n))).as(n).isTrue());
        assertThat(zone.exists(name("x.auth.example.org."))).isFalse();
        assertThat(zone.exists(name("example.org."))).isFalse();
    }

    @Test
    void matchesNamesCaseInsensitively() {
        ServedZone zone = TestServedZone.zone();

        assertThat(zone.exists(name("WWW.Auth.Example.ORG."))).isTrue();
        assertThat(zone.rrset(name("WWW.Auth.Example.ORG."), Type.A)).hasSize(2);
    }

    @Test
    void takesTheSerialFromTheStartTimeAndTheMinimumFromTheNegativeTtl() {
        ServedZone zone = TestServedZone.zone();

        assertThat(zone.soa().getSerial()).isEqualTo(TestServedZone.START.getEpochSecond());
        assertThat(zone.soa().getMinimum()).isEqualTo(60);
        assertThat(zone.soa().getTTL()).isEqualTo(3600);
        assertThat(zone.negativeSoa().getTTL()).isEqualTo(60);
    }

    @Test
    void rejectsAStaticRecordOutsideTheZoneNamingIt() {
        assertThatThrownBy(() -> ServedZone.from(
                        withStatic(record("www.example.com.", Type.A, "192.0.2.1")), TestServedZone.CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("www.example.com.")
                .hasMessageContaining("outside the zone");
    }

    @Test
    void rejectsACnameNextToOtherData() {
        assertThatThrownBy(() -> ServedZone.from(
                        withStatic(record("www.auth.example.org.", Type.CNAME, "x.example.com.")),
                        TestServedZone.CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("www.auth.example.org.");
    }

    @Test
    void rejectsStaticNsAndWildcards() {
        assertThatThrownBy(() -> ServedZone.from(
                        withStatic(record("sub.auth.example.org.", Type.NS, "ns.example.com.")), TestServedZone.CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sub.auth.example.org.");
        assertThatThrownBy(() -> ServedZone.from(
                        withStatic(record("*.auth.example.org.", Type.A, "192.0.2.1")), TestServedZone.CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard");
    }
}
