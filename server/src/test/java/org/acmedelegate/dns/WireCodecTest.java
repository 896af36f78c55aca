package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class WireCodecTest {
    private static final String BIG = "big.auth.example.org.";

    private static WireResponder withValuesAtBig(int count) {
        List<String> values = IntStream.range(0, count)
                .mapToObj(i -> String.format("%043d", i))
                .toList();
        Responder responder = new Responder(
                TestServedZone.zone(), name -> name.equals(name(BIG)) ? values : null, Duration.ofSeconds(1));
        return new WireResponder(responder);
    }

    private static byte[] query(String qname, int type, Integer ednsPayload) {
        Message query = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
        if (ednsPayload != null) {
            query.addRecord(new OPTRecord(ednsPayload, 0, 0), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static Message parse(byte[] wire) throws IOException {
        return new Message(wire);
    }

    private static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
        return new byte[] {
            (byte) (id >> 8),
            (byte) id,
            (byte) (flags >> 8),
            (byte) flags,
            0,
            (byte) qd,
            0,
            (byte) an,
            0,
            (byte) ns,
            0,
            (byte) ar
        };
    }

    @Test
    void sendsNothingForAPacketShorterThanAHeader() {
        assertThat(WireCodec.decode(new byte[] {1, 2, 3, 4, 5})).isEqualTo(WireCodec.Decoded.DROP);
        assertThat(TestServedZone.wire().answerUdp(new byte[11])).isNull();
    }

    @Test
    void sendsNothingForAResponse() {
        Message response = Message.newQuery(Record.newRecord(TestServedZone.APEX, Type.SOA, DClass.IN));
        response.getHeader().setFlag(Flags.QR);

        assertThat(TestServedZone.wire().answerUdp(response.toWire())).isNull();
        assertThat(TestServedZone.wire().answerUdp(header(1, 0x8000, 0, 0, 0, 0)))
                .isNull();
    }

    @Test
    void answersFormerrWithTheSameIdForGarbageAfterAReadableHeader() throws IOException {
        byte[] garbage = Arrays.copyOf(header(0xBEEF, 0x0100, 1, 0, 0, 0), 40);
        Arrays.fill(garbage, 12, 40, (byte) 0xC0);

        Message reply = parse(TestServedZone.wire().answerUdp(garbage));

        assertThat(reply.getHeader().getID()).isEqualTo(0xBEEF);
        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            assertThat(reply.getHeader().getCount(section)).isZero();
        }
    }

    @Test
    void answersFormerrForAHeaderWhoseCountsPromiseMissingRecords() throws IOException {
        Message reply = parse(TestServedZone.wire().answerUdp(header(77, 0, 1, 0, 0, 0)));

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getHeader().getID()).isEqualTo(77);
    }

    @Test
    void answersFormerrForATruncatedQueryThatDnsjavaWouldHalfParse() throws IOException {
        byte[] valid = query("www.auth.example.org.", Type.A, null);
        byte[] claimsMore = Arrays.copyOf(valid, valid.length + 4);
        claimsMore[2] |= 0x02; // TC
        claimsMore[11] = 1; // ARCOUNT 1, but only 4 bytes of a record follow

        assertThat(parse(TestServedZone.wire().answerUdp(claimsMore)).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void answersNotimpWithoutAQueryForAHalfParsedMessageOfAnotherOpcode() {
        byte[] valid = query("www.auth.example.org.", Type.A, null);
        byte[] claimsMore = Arrays.copyOf(valid, valid.length + 4);
        claimsMore[2] = (byte) ((Opcode.STATUS << 3) | 0x02); // STATUS, TC
        claimsMore[11] = 1; // ARCOUNT 1, but only 4 bytes of a record follow

        WireCodec.Decoded decoded = WireCodec.decode(claimsMore);

        // Half-parsed, its counts would promise records that are not there to whoever reads it next.
        assertThat(decoded.query()).isNull();
        assertThat(decoded.reply().getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void answersFormerrForTrailingBytes() throws IOException {
        byte[] valid = query("www.auth.example.org.", Type.A, null);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);

        assertThat(parse(TestServedZone.wire().answerUdp(valid)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(parse(TestServedZone.wire().answerUdp(trailing)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void answersFormerrForTwoOptRecords() throws IOException {
        Message query = Message.newQuery(Record.newRecord(TestServedZone.APEX, Type.SOA, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        query.addRecord(new OPTRecord(512, 0, 0), Section.ADDITIONAL);

        assertThat(WireCodec.decode(query.toWire()).reply()).isNotNull();
        assertThat(parse(TestServedZone.wire().answerUdp(query.toWire())).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void answersFormerrForTwoQuestions() throws IOException {
        Message query = Message.newQuery(Record.newRecord(TestServedZone.APEX, Type.SOA, DClass.IN));
        query.addRecord(Record.newRecord(TestServedZone.APEX, Type.NS, DClass.IN), Section.QUESTION);

        assertThat(parse(TestServedZone.wire().answerTcp(query.toWire())).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void truncatesATxtAnswerTooBigFor512BytesWithoutEdnsDroppingTheWholeRrset() throws IOException {
        byte[] wire = withValuesAtBig(20).answerUdp(query(BIG, Type.TXT, null));
        Message reply = parse(wire);

        assertThat(wire.length).isLessThanOrEqualTo(512);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.getHeader().getCount(Section.ANSWER)).isZero();
        assertThat(reply.getQuestion().getName()).isEqualTo(name(BIG));
    }

    @Test
    void sendsTheSameAnswerWholeWithinAnEdnsPayloadOf1232() throws IOException {
        byte[] wire = withValuesAtBig(20).answerUdp(query(BIG, Type.TXT, 1232));
        Message reply = parse(wire);

        assertThat(wire.length).isGreaterThan(512).isLessThanOrEqualTo(1232);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).hasSize(20);
        assertThat(reply.getOPT()).isNotNull();
    }

    @Test
    void clampsTheClientPayloadSizeTo1232AndTo512() throws IOException {
        Message big = parse(withValuesAtBig(25).answerUdp(query(BIG, Type.TXT, 4096)));
        Message tiny = parse(withValuesAtBig(20).answerUdp(query(BIG, Type.TXT, 100)));

        assertThat(big.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(big.getSection(Section.ANSWER)).isEmpty();
        assertThat(big.getOPT()).isNotNull();
        assertThat(tiny.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(WireCodec.udpLimit(Message.newQuery(Record.newRecord(TestServedZone.APEX, Type.A, DClass.IN))))
                .isEqualTo(512);
    }

    @Test
    void neverTruncatesOverTcp() throws IOException {
        byte[] wire = withValuesAtBig(200).answerTcp(query(BIG, Type.TXT, null));
        Message reply = parse(wire);

        assertThat(wire.length).isGreaterThan(10_000);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).hasSize(200);
    }
}
