package org.acmedelegate.dns.tsig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.TestClock;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TsigVerifierTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final TsigKey XFR = key("xfr-key.", TsigAlgorithm.HMAC_SHA256, 1);
    private static final TsigKey SHA512 = key("big-key.", TsigAlgorithm.HMAC_SHA512, 2);

    private final TestClock clock = new TestClock(NOW);
    private final TsigVerifier verifier = new TsigVerifier(TsigKeyring.of(List.of(XFR, SHA512)), clock);

    private static TsigKey key(String name, TsigAlgorithm algorithm, int seed) {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (seed * 31 + i);
        }
        return new TsigKey(Name.fromConstantString(name), algorithm, secret);
    }

    /** A signed SOA query as a peer sends it: its wire bytes, signed by {@code key} at {@code signedAt}. */
    private static byte[] signedQuery(TsigKey key, Instant signedAt) {
        Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
        query.setTSIG(key.tsig(java.time.Clock.fixed(signedAt, java.time.ZoneOffset.UTC)));
        return query.toWire(65535);
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private TsigVerdict verify(byte[] wire) {
        return verifier.verify(parse(wire), wire);
    }

    /** The answer a server built from {@code verdict}, as the peer receives it. */
    private static Message answer(byte[] queryWire, TsigVerdict verdict) {
        Message query = parse(queryWire);
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        verdict.applyTo(response);
        return parse(response.toWire(65535));
    }

    @Test
    void verifiesARequestSignedWithAKnownKeyAndSignsItsAnswerWithThatKey() {
        byte[] wire = signedQuery(XFR, NOW);
        TsigVerdict verdict = verify(wire);
        assertThat(verdict.outcome()).isEqualTo(TsigVerdict.Outcome.VERIFIED);
        assertThat(verdict.key()).contains(XFR);

        Message query = parse(wire);
        byte[] answerWire = answer(wire, verdict).toWire();
        Message answer = parse(answerWire);
        assertThat(answer.getTSIG()).isNotNull();
        assertThat(XFR.tsig(clock).verify(answer, answerWire, query.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void verifiesHmacSha512Keys() {
        assertThat(verify(signedQuery(SHA512, NOW)).verified()).isTrue();
    }

    @Test
    void leavesAnUnsignedRequestAndItsAnswerUnsigned() {
        byte[] wire =
                Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)).toWire();
        TsigVerdict verdict = verify(wire);
        assertThat(verdict.outcome()).isEqualTo(TsigVerdict.Outcome.UNSIGNED);
        assertThat(answer(wire, verdict).getTSIG()).isNull();
    }

    @Test
    void answersBadkeyUnsignedForAKeyNameItDoesNotKnow() {
        byte[] wire = signedQuery(key("stranger.", TsigAlgorithm.HMAC_SHA256, 1), NOW);
        TsigVerdict verdict = verify(wire);
        assertThat(verdict.outcome()).isEqualTo(TsigVerdict.Outcome.BADKEY);
        Message answer = answer(wire, verdict);
        assertThat(answer.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        TSIGRecord tsig = answer.getTSIG();
        assertThat(tsig.getError()).isEqualTo(Rcode.BADKEY);
        assertThat(tsig.getName()).isEqualTo(Name.fromConstantString("stranger."));
        assertThat(tsig.getSignature()).isEmpty();
    }

    @Test
    void answersBadkeyWhenTheKeyNameIsKnownButTheAlgorithmDiffers() {
        TsigKey sameNameOtherAlgorithm = new TsigKey(XFR.name(), TsigAlgorithm.HMAC_SHA512, XFR.secret());
        assertThat(verify(signedQuery(sameNameOtherAlgorithm, NOW)).outcome()).isEqualTo(TsigVerdict.Outcome.BADKEY);
    }

    @Test
    void answersBadsigUnsignedForAWrongSecret() {
        TsigKey wrongSecret = key("xfr-key.", TsigAlgorithm.HMAC_SHA256, 7);
        byte[] wire = signedQuery(wrongSecret, NOW);
        TsigVerdict verdict = verify(wire);
        assertThat(verdict.outcome()).isEqualTo(TsigVerdict.Outcome.BADSIG);
        Message answer = answer(wire, verdict);
        assertThat(answer.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(answer.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
        assertThat(answer.getTSIG().getSignature()).isEmpty();
    }

    @Test
    void answersBadsigWhenTheSignedMessageWasAltered() {
        byte[] wire = signedQuery(XFR, NOW);
        wire[2] ^= 0x01; // the RD flag, covered by the MAC
        assertThat(verify(wire).outcome()).isEqualTo(TsigVerdict.Outcome.BADSIG);
    }

    @Test
    void acceptsClockSkewWithinTheFudgeOfThreeHundredSeconds() {
        assertThat(verify(signedQuery(XFR, NOW.minusSeconds(299))).verified()).isTrue();
        assertThat(verify(signedQuery(XFR, NOW.plusSeconds(299))).verified()).isTrue();
    }

    @Test
    void answersBadtimeSignedWithTheRequestsKeyWhenTheSkewExceedsTheFudge() {
        byte[] wire = signedQuery(XFR, NOW.minus(Duration.ofSeconds(301)));
        TsigVerdict verdict = verify(wire);
        assertThat(verdict.outcome()).isEqualTo(TsigVerdict.Outcome.BADTIME);

        Message query = parse(wire);
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        verdict.applyTo(response);
        byte[] answerWire = response.toWire(65535);
        Message answer = parse(answerWire);
        assertThat(answer.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        TSIGRecord tsig = answer.getTSIG();
        assertThat(tsig.getError()).isEqualTo(Rcode.BADTIME);
        assertThat(tsig.getFudge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(tsig.getSignature()).isNotEmpty();
        assertThat(tsig.getTimeSigned()).isEqualTo(NOW.minusSeconds(301)); // the request's, as RFC 8945 5.2.3 says
        // Signed with the request's key: a client at the request's time verifies the MAC and sees BADTIME.
        TSIG client = XFR.tsig(java.time.Clock.fixed(NOW.minusSeconds(301), java.time.ZoneOffset.UTC));
        assertThat(client.verify(answer, answerWire, query.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void signsEveryMessageOfAStreamSoThatDnsjavasStreamVerifierAcceptsThemAll() {
        byte[] wire = signedQuery(XFR, NOW);
        Message query = parse(wire);
        TsigStream stream = verify(wire).stream();
        TSIG.StreamVerifier client = new TSIG.StreamVerifier(XFR.tsig(clock), query.getTSIG());
        for (int i = 0; i < 3; i++) {
            Message part = new Message(query.getHeader().getID());
            part.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            part.addRecord(new TXTRecord(ZONE, DClass.IN, 60, "part " + i), Section.ANSWER);
            byte[] signed = stream.sign(part);
            Message received = parse(signed);
            assertThat(received.getTSIG()).isNotNull();
            assertThat(client.verify(received, signed)).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void aStreamOutOfOrderDoesNotVerify() {
        byte[] wire = signedQuery(XFR, NOW);
        Message query = parse(wire);
        TsigStream stream = verify(wire).stream();
        Message first = new Message(query.getHeader().getID());
        Message second = new Message(query.getHeader().getID());
        byte[] one = stream.sign(first);
        byte[] two = stream.sign(second);
        TSIG.StreamVerifier client = new TSIG.StreamVerifier(XFR.tsig(clock), query.getTSIG());
        assertThat(client.verify(parse(two), two)).isNotEqualTo(Rcode.NOERROR);
        assertThat(one).isNotEmpty();
    }

    @Test
    void aKeyringFindsKeysByNameRegardlessOfCase() {
        assertThat(TsigKeyring.of(List.of(XFR)).find(Name.fromConstantString("XFR-KEY.")))
                .contains(XFR);
        assertThat(TsigKeyring.of(List.of(XFR)).find(Name.fromConstantString("other.")))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aKeyNeverShowsItsSecret() {
        assertThat(XFR.toString()).isEqualTo("TsigKey[xfr-key. hmac-sha256]");
    }
}
