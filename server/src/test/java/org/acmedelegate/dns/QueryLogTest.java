package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** DNS query logging: off by default, one line per query when on. */
class QueryLogTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("org.acmedelegate.dns.queries");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final byte[] query = Message.newQuery(
                    Record.newRecord(Name.fromConstantString("abc-123.auth.example.org."), Type.TXT, DClass.IN))
            .toWire();
    private final InetSocketAddress client = new InetSocketAddress("192.0.2.1", 5353);
    private Level old;

    @BeforeEach
    void capture() {
        old = log.getLevel();
        log.setLevel(Level.INFO);
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void release() {
        log.detachAppender(lines);
        log.setLevel(old);
    }

    @Test
    void logsNothingByDefault() {
        new WireResponder(TestServedZone.responder()).answerUdp(query, client);
        new WireResponder(TestServedZone.responder(), DnsObserver.NOOP, false).answerTcp(query, client);
        assertThat(lines.list).isEmpty();
    }

    @Test
    void logsOneLinePerQueryWhenAskedTo() {
        WireResponder wire = new WireResponder(TestServedZone.responder(), DnsObserver.NOOP, true);
        wire.answerUdp(query, client);
        wire.answerTcp(query, client);
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "dns udp from /192.0.2.1:5353: abc-123.auth.example.org. TXT -> NOERROR",
                        "dns tcp from /192.0.2.1:5353: abc-123.auth.example.org. TXT -> NOERROR");
    }
}
