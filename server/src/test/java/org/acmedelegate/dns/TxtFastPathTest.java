package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class TxtFastPathTest {
    private final Responder responder = TestServedZone.responder();
    private final TxtFastPath fast = new TxtFastPath(responder);
    private final WireResponder wire = new WireResponder(responder);

    @Test
    void answersTxtOfRegisteredNamesAndNxdomainByteForByteAsTheGeneralPath() {
        for (byte[] query : List.of(
                query("abc-123.auth.example.org.", Type.TXT, null, 0),
                query("AbC-123.AUTH.example.ORG.", Type.TXT, null, Flags.RD),
                query("abc-123.auth.example.org.", Type.TXT, new OPTRecord(1232, 0, 0, 0), Flags.CD),
                query("abc-123.auth.example.org.", Type.TXT, new OPTRecord(4096, 0, 0, ExtendedFlags.DO), 0),
                query("abc-123.auth.example.org.", Type.TXT, new OPTRecord(100, 0, 0, 0), Flags.AD),
                query("nope.auth.example.org.", Type.TXT, null, 0),
                query("NoPe.Auth.example.org.", Type.A, null, Flags.RD),
                query("x.auth.example.org.", Type.AAAA, new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Flags.CD),
                query("nope.auth.example.org.", Type.TXT, new OPTRecord(512, 0, 0, 0), 0),
                query("a".repeat(63) + ".auth.example.org.", Type.TXT, null, 0))) {
            assertThat(fast(fast, query, false)).as("fast path taken").isNotNull();
            assertThat(wire.answerUdp(query)).isEqualTo(general(query, false));
            assertThat(wire.answerTcp(query)).isEqualTo(general(query, true));
        }
    }

    @Test
    void leavesEveryOtherQueryToTheGeneralPath() {
        List<byte[]> others = new ArrayList<>();
        for (String n : List.of(
                "empty-1.auth.example.org.",
                "www.auth.example.org.",
                "ns1.auth.example.org.",
                "mixed.auth.example.org.",
                "alias.auth.example.org.",
                "c.auth.example.org.",
                "auth.example.org.",
                "x.abc-123.auth.example.org.",
                "abc-123.example.org.",
                "abc-123.auth.example.com.")) {
            others.add(query(n, Type.TXT, null, 0));
        }
        others.add(query("abc-123.auth.example.org.", Type.A, null, 0));
        others.add(query("nope.auth.example.org.", Type.MX, null, 0));
        others.add(query("nope.auth.example.org.", Type.AXFR, null, 0));
        others.add(query("abc-123.auth.example.org.", Type.ANY, null, 0));
        others.add(query("abc-123.auth.example.org.", Type.TXT, new OPTRecord(1232, 0, 1, 0), 0));
        others.add(query(
                "abc-123.auth.example.org.",
                Type.TXT,
                new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, TestServedZone.address("192.0.2.0")))),
                0));
        Message notQuery = Message.newQuery(Record.newRecord(name("abc-123.auth.example.org."), Type.TXT, DClass.IN));
        notQuery.getHeader().setOpcode(Opcode.NOTIFY);
        others.add(notQuery.toWire());
        Message chaos = Message.newQuery(Record.newRecord(name("abc-123.auth.example.org."), Type.TXT, DClass.CH));
        others.add(chaos.toWire());
        byte[] trailing = query("abc-123.auth.example.org.", Type.TXT, null, 0);
        others.add(java.util.Arrays.copyOf(trailing, trailing.length + 1));
        byte[] tc = query("abc-123.auth.example.org.", Type.TXT, null, 0);
        tc[2] |= 0x02;
        others.add(tc);

        for (byte[] query : others) {
            assertThat(fast(fast, query, false)).isNull();
            assertThat(wire.answerUdp(query)).isEqualTo(general(query, false));
        }
    }

    @Test
    void leavesAnswersLargerThanTheUdpLimitToTheGeneralPath() {
        String many = "m".repeat(43);
        Responder big = new Responder(
                TestServedZone.zone(),
                n -> List.of(many, many, many, many, many, many, many, many, many, many),
                Duration.ofSeconds(1));
        byte[] query = query("abc-123.auth.example.org.", Type.TXT, null, 0);

        assertThat(fast(new TxtFastPath(big), query, false)).isNull();
        assertThat(fast(new TxtFastPath(big), query, true)).isNotNull();
        assertThat(new WireResponder(big).answerTcp(query)).isEqualTo(WireCodec.encodeTcp(big.respond(parse(query))));
    }

    /** The fast path's reply as a byte array, or null when it declines. */
    static byte[] fast(TxtFastPath path, byte[] query, boolean tcp) {
        byte[] out = new byte[WireCodec.TCP_MAX];
        int length = path.answer(query, query.length, tcp, out);
        return length == TxtFastPath.DECLINE ? null : java.util.Arrays.copyOf(out, length);
    }

    private byte[] general(byte[] query, boolean tcp) {
        WireCodec.Decoded decoded = WireCodec.decode(query);
        if (decoded.reply() != null) {
            return tcp ? WireCodec.encodeTcp(decoded.reply()) : WireCodec.encodeUdp(decoded.reply(), null);
        }
        Message reply = responder.respond(decoded.query());
        return tcp ? WireCodec.encodeTcp(reply) : WireCodec.encodeUdp(reply, decoded.query());
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] query(String qname, int type, OPTRecord opt, int flag) {
        Message m = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
        m.getHeader().setID(4711);
        m.getHeader().unsetFlag(Flags.RD);
        if (flag != 0) {
            m.getHeader().setFlag(flag);
        }
        if (opt != null) {
            m.addRecord(opt, Section.ADDITIONAL);
        }
        return m.toWire();
    }
}
