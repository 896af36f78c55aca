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
        assertThat(judge("198.51.100.7", "a.auth.example.org.", Rcode.NOERROR, 5))
                .containsOnly(Verdict.SEND);
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
        assertThat(judge("2001:db8:0:ff::2", "a.auth.example.org.", Rcode.NOERROR, 1))
                .containsOnly(Verdict.DROP);
        assertThat(judge("2001:db8:0:100::1", "a.auth.example.org.", Rcode.NOERROR, 1))
                .containsOnly(Verdict.SEND);
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
        WireResponder wire = new WireResponder(
                TestServedZone.responder(),
                DnsObserver.NOOP,
                false,
                new ResponseRateLimiter(new RrlConfig(true, 1, 1, 2, 1, 24, 56), clock));
        byte[] query = Message.newQuery(
                        Record.newRecord(Name.fromConstantString("abc-123.auth.example.org."), Type.TXT, DClass.IN))
                .toWire();
        InetSocketAddress flood = from("203.0.113.9");
        Message first = new Message(wire.answerUdp(query, flood));
        assertThat(first.getSection(Section.ANSWER)).isNotEmpty();
        assertThat(wire.answerUdp(query, flood)).isNull();
        Message slipped = new Message(wire.answerUdp(query, flood));
        assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(slipped.getSection(Section.ANSWER)).isEmpty();
        assertThat(new Message(wire.answerTcp(query, flood)).getSection(Section.ANSWER))
                .isNotEmpty();
    }

    @Test
    void aRandomSubdomainFloodIsLimitedOnTheWireWhileAnotherNetworkStillGetsItsAnswers() throws Exception {
        WireResponder wire = new WireResponder(
                TestServedZone.responder(),
                DnsObserver.NOOP,
                false,
                new ResponseRateLimiter(new RrlConfig(true, 5, 2, 2, 1, 24, 56), clock));
        InetSocketAddress flood = from("203.0.113.9");
        List<Integer> rcodes = new ArrayList<>();
        int silent = 0;
        for (int i = 0; i < 10; i++) {
            byte[] reply = wire.answerUdp(txt("r" + i + "x.auth.example.org.", Flags.RD), flood);
            if (reply == null) {
                silent++;
            } else {
                Message m = new Message(reply);
                rcodes.add(m.getRcode());
                assertThat(m.getHeader().getFlag(Flags.TC)).isEqualTo(rcodes.size() > 2);
            }
        }
        // Two errors a second, then every second one slips (truncated, no authority) and the others are dropped.
        assertThat(rcodes).hasSize(6).containsOnly(Rcode.NXDOMAIN);
        assertThat(silent).isEqualTo(4);
        Message real = new Message(wire.answerUdp(txt("abc-123.auth.example.org.", 0), from("198.51.100.7")));
        assertThat(real.getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void truncatingTheFastPathsReplyInPlaceGivesTheBytesOfTheTruncatedMessage() throws Exception {
        Responder responder = TestServedZone.responder();
        TxtFastPath fast = new TxtFastPath(responder);
        for (byte[] query : List.of(
                txt("abc-123.auth.example.org.", Flags.RD),
                txt("NoPe.auth.example.org.", Flags.CD),
                withOpt(txt("abc-123.AUTH.example.org.", Flags.AD)),
                withOpt(txt("nope.auth.example.org.", 0)))) {
            byte[] out = new byte[WireCodec.UDP_MAX];
            assertThat(fast.answer(query, query.length, false, out)).isPositive();
            int questionEnd = query.length - (query[11] == 1 ? 11 : 0);
            int length = ResponseRateLimiter.truncateInPlace(out, questionEnd);

            Message parsed = new Message(query);
            byte[] expected = WireCodec.encodeUdp(ResponseRateLimiter.truncated(responder.respond(parsed)), parsed);
            assertThat(java.util.Arrays.copyOf(out, length)).isEqualTo(expected);
        }
    }

    private static byte[] txt(String name, int flag) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.TXT, DClass.IN));
        m.getHeader().unsetFlag(Flags.RD);
        if (flag != 0) {
            m.getHeader().setFlag(flag);
        }
        return m.toWire();
    }

    private static byte[] withOpt(byte[] query) throws Exception {
        Message m = new Message(query);
        m.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
        return m.toWire();
    }
}
