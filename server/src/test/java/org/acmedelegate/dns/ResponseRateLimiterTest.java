package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.TestClock;
import org.acmedelegate.account.IpLiteral;
import org.acmedelegate.config.RrlConfig;
import org.acmedelegate.dns.ResponseRateLimiter.Verdict;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseRateLimiterTest {
    private final TestClock clock = new TestClock(TestServedZone.START);
    // 5 answers a second, 2 errors a second, no saving up, every second limited answer slips.
    private final RrlConfig config = new RrlConfig(true, 5, 2, 2, 1, 24, 56);
    private final ResponseRateLimiter rrl = new ResponseRateLimiter(config, clock);

    private static InetSocketAddress from(String ip) {
        return new InetSocketAddress(IpLiteral.parse(ip), 40000);
    }

    private static Message reply(String name, int rcode) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.TXT, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        return m;
    }

    private List<Verdict> judge(String ip, String name, int rcode, int times) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            verdicts.add(rrl.judge(from(ip), reply(name, rcode)));
        }
        return verdicts;
    }

    @Test
    void limitsAFloodFromOneSlash24AndSlipsEverySecondLimitedAnswer() {
        assertThat(judge("192.0.2.1", "a.auth.example.org.", Rcode.NOERROR, 5)).containsOnly(Verdict.SEND);
        assertThat(judge("192.0.2.200", "a.auth.example.org.", Rcode.NOERROR, 4))
                .containsExactly(Verdict.DROP, Verdict.SLIP, Verdict.DROP, Verdict.SLIP);
        // Another network is answered, and so is another name from the flooded one.
        assertThat(judge("198.51.100.7", "a.auth.example.org.", Rcode.NOERROR, 5)).containsOnly(Verdict.SEND);
        assertThat(judge("192.0.2.1", "b.auth.example.org.", Rcode.NOERROR, 1)).containsOnly(Verdict.SEND);
    }

    @Test
    void recoversAsTimePasses() {
        judge("192.0.2.1", "a.auth.example.org.", Rcode.NOERROR, 8);
        clock.advance(Duration.ofSeconds(1));
        assertThat(judge("192.0.2.1", "a.auth.example.org.", Rcode.NOERROR, 5)).containsOnly(Verdict.SEND);
    }

    @Test
    void errorsHaveTheirOwnSmallerAllowanceAndDoNotSpendTheAnswers() {
        assertThat(judge("192.0.2.1", "x.auth.example.org.", Rcode.NXDOMAIN, 2)).containsOnly(Verdict.SEND);
        assertThat(judge("192.0.2.1", "y.auth.example.org.", Rcode.REFUSED, 1)).containsOnly(Verdict.DROP);
        assertThat(judge("192.0.2.1", "a.auth.example.org.", Rcode.NOERROR, 5)).containsOnly(Verdict.SEND);
    }

    @Test
    void groupsIpv6BySlash56() {
        judge("2001:db8:0:1::1", "a.auth.example.org.", Rcode.NOERROR, 5);
        assertThat(judge("2001:db8:0:ff::2", "a.auth.example.org.", Rcode.NOERROR, 1)).containsOnly(Verdict.DROP);
        assertThat(judge("2001:db8:0:100::1", "a.auth.example.org.", Rcode.NOERROR, 1)).containsOnly(Verdict.SEND);
    }

    @Test
    void defaultsLetABusyResolverAskHundredsOfTimesASecond() {
        ResponseRateLimiter generous = new ResponseRateLimiter(new RrlConfig(true, 1000, 100, 2, 5, 24, 56), clock);
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 900; i++) {
                assertThat(generous.judge(from("192.0.2.53"), reply("a.auth.example.org.", Rcode.NOERROR)))
                        .isEqualTo(Verdict.SEND);
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void theWireResponderSendsTruncatedOrNothingOverUdpAndEverythingOverTcp() throws Exception {
        WireResponder wire = new WireResponder(TestServedZone.responder(), DnsObserver.NOOP, false,
                new ResponseRateLimiter(new RrlConfig(true, 1, 1, 2, 1, 24, 56), clock));
        byte[] query = Message.newQuery(Record.newRecord(Name.fromConstantString("abc-123.auth.example.org."),
                Type.TXT, DClass.IN)).toWire();
        InetSocketAddress flood = from("203.0.113.9");
        Message first = new Message(wire.answerUdp(query, flood));
        assertThat(first.getSection(Section.ANSWER)).isNotEmpty();
        assertThat(wire.answerUdp(query, flood)).isNull();
        Message slipped = new Message(wire.answerUdp(query, flood));
        assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(slipped.getSection(Section.ANSWER)).isEmpty();
        assertThat(new Message(wire.answerTcp(query, flood)).getSection(Section.ANSWER)).isNotEmpty();
    }
}
