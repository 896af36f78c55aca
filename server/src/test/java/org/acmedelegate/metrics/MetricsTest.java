package org.acmedelegate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.TestSubdomains;
import org.acmedelegate.store.InMemoryAccountStore;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class MetricsTest {
    private final Metrics metrics = new Metrics();

    @Test
    void countsEachAnswerUnderItsTypeRcodeAndTransport() {
        metrics.answered(false, Type.TXT, Rcode.NOERROR, 20_000);
        metrics.answered(false, Type.TXT, Rcode.NOERROR, 20_000);
        metrics.answered(true, Type.A, Rcode.NXDOMAIN, 20_000);
        metrics.answered(false, Type.HINFO, Rcode.REFUSED, 20_000);
        metrics.answered(false, -1, Rcode.FORMERR, 20_000);
        metrics.answered(false, 65000, 23, 20_000);
        String text = metrics.scrape();
        assertThat(text)
                .contains("acme_delegate_dns_queries_total{rcode=\"NOERROR\",transport=\"udp\",type=\"TXT\"} 2.0")
                .contains("acme_delegate_dns_queries_total{rcode=\"NXDOMAIN\",transport=\"tcp\",type=\"A\"} 1.0")
                .contains("acme_delegate_dns_queries_total{rcode=\"REFUSED\",transport=\"udp\",type=\"other\"} 1.0")
                .contains("acme_delegate_dns_queries_total{rcode=\"FORMERR\",transport=\"udp\",type=\"other\"} 1.0")
                .contains("acme_delegate_dns_queries_total{rcode=\"other\",transport=\"udp\",type=\"other\"} 1.0")
                .contains("acme_delegate_dns_answer_duration_seconds_count{transport=\"udp\"} 5");
    }

    @Test
    void timesStoreOperationsThroughTheMeteredStore() {
        MeteredAccountStore store = new MeteredAccountStore(new InMemoryAccountStore(), metrics);
        Account a = new Account(UUID.randomUUID(), "$2a$04$x", TestSubdomains.random(), AllowFrom.ANY, Instant.EPOCH);
        store.create(a);
        store.findByUsername(a.username());
        store.list();
        assertThat(metrics.scrape())
                .contains("acme_delegate_store_operation_duration_seconds_count{operation=\"create\"} 1")
                .contains("acme_delegate_store_operation_duration_seconds_count{operation=\"find\"} 1")
                .contains("acme_delegate_store_operation_duration_seconds_count{operation=\"list\"} 1");
    }

    @Test
    void gaugesAreReadAtScrapeTime() {
        int[] value = {3};
        metrics.gauge("acme_delegate_test_values", "test", () -> value[0]);
        assertThat(metrics.scrape()).contains("acme_delegate_test_values 3.0");
        value[0] = 5;
        assertThat(metrics.scrape()).contains("acme_delegate_test_values 5.0");
    }
}
