package org.acmedelegate.dns;

import static org.acmedelegate.dns.TestServedZone.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ResponderTest {
    private final Responder responder = TestServedZone.responder();

    private static Message query(String qname, int type) {
        return Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
    }

    private Message ask(String qname, int type) {
        return responder.respond(query(qname, type));
    }

    private static List<Record> answer(Message m) {
        return m.getSection(Section.ANSWER);
    }

    private static void assertNegative(Message reply, int rcode) {
        assertThat(reply.getRcode()).isEqualTo(rcode);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer(reply)).isEmpty();
        assertThat(reply.getSection(Section.AUTHORITY)).singleElement().isInstanceOfSatisfying(SOARecord.class, soa -> {
            assertThat(soa.getName()).isEqualTo(TestServedZone.APEX);
            assertThat(soa.getTTL()).isEqualTo(60);
            assertThat(soa.getMinimum()).isEqualTo(60);
        });
    }

    @Test
    void answersSoaAtApexAuthoritativelyWithSerialFromStartTime() {
        Message query = query("auth.example.org.", Type.SOA);
        query.getHeader().setFlag(Flags.RD);
        Message reply = responder.respond(query);

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(reply)).singleElement().isInstanceOfSatisfying(SOARecord.class, soa -> {
            assertThat(soa.getHost()).isEqualTo(name("ns1.auth.example.org."));
            assertThat(soa.getAdmin()).isEqualTo(name("hostmaster.example.org."));
            assertThat(soa.getSerial()).isEqualTo(TestServedZone.START.getEpochSecond());
            assertThat(soa.getTTL()).isEqualTo(3600);
            assertThat(soa.getMinimum()).isEqualTo(60);
        });
    }

    @Test
    void answersNsAtApexWithGlueForInZoneNameserversOnly() {
        Message reply = ask("auth.example.org.", Type.NS);

        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer(reply))
                .extracting(r -> ((NSRecord) r).getTarget())
                .containsExactly(name("ns1.auth.example.org."), name("ns2.other.net."));
        assertThat(answer(reply)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(3600));
        assertThat(reply.getSection(Section.ADDITIONAL))
                .extracting(r -> r.getName().toString() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .containsExactly(
                        "ns1.auth.example.org. A 192.0.2.1", "ns1.auth.example.org. AAAA 2001:db8:0:0:0:0:0:1");
    }

    @Test
    void answersGlueAddressesAtTheNameserverName() {
        Message reply = ask("ns1.auth.example.org.", Type.AAAA);

        assertThat(answer(reply))
                .singleElement()
                .extracting(Record::rdataToString)
                .isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void answersStaticRecordsKeepingRdataCase() {
        Message a = ask("www.auth.example.org.", Type.A);
        Message txt = ask("mixed.auth.example.org.", Type.TXT);

        assertThat(answer(a)).extracting(Record::rdataToString).containsExactly("192.0.2.10", "192.0.2.11");
        assertThat(answer(txt))
                .singleElement()
                .isInstanceOfSatisfying(
                        TXTRecord.class, r -> assertThat(r.getStrings()).containsExactly("Hello World"));
        assertThat(txt.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void answersTxtWithBothChallengeValuesAndTheConfiguredTtl() {
        Message reply = ask("abc-123.auth.example.org.", Type.TXT);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer(reply))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(1));
        assertThat(answer(reply))
                .flatExtracting(r -> ((TXTRecord) r).getStrings())
                .containsExactlyInAnyOrder(TestServedZone.VALUE_1, TestServedZone.VALUE_2);
    }

    @Test
    void echoesTheQueryNameCaseByteForByteInQuestionAndAnswerOwners() {
        String mixed = "aBc-123.AUTH.Example.ORG.";
        Message query = query(mixed, Type.TXT);
        Message reply = responder.respond(query);

        assertThat(reply.getQuestion().getName().toString()).isEqualTo(mixed);
        assertThat(reply.getQuestion().toWire(Section.QUESTION))
                .isEqualTo(query.getQuestion().toWire(Section.QUESTION));
        assertThat(answer(reply)).hasSize(2).allSatisfy(r -> {
            assertThat(r.getName().toString()).isEqualTo(mixed);
            byte[] owner = Arrays.copyOf(r.toWire(Section.ANSWER), mixed.length() + 1);
            assertThat(owner).isEqualTo(name(mixed).toWire());
        });
    }

    @Test
    void echoesTheQueryNameCaseForStaticRecords() {
        Message reply = ask("WwW.auth.example.org.", Type.A);

        assertThat(answer(reply))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getName().toString()).isEqualTo("WwW.auth.example.org."));
    }

    @ParameterizedTest
    @ValueSource(ints = {Type.A, Type.AAAA, Type.CAA, Type.MX})
    void answersNodataWithSoaForOtherTypesAtARegisteredNameWithValues(int type) {
        assertNegative(ask("abc-123.auth.example.org.", type), Rcode.NOERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {Type.TXT, Type.A, Type.AAAA, Type.CAA})
    void answersNodataWithSoaAtARegisteredNameWithoutValues(int type) {
        assertNegative(ask("empty-1.auth.example.org.", type), Rcode.NOERROR);
    }

    @Test
    void answersNodataWithSoaAtAnEmptyNonTerminal() {
        assertNegative(ask("b.c.auth.example.org.", Type.A), Rcode.NOERROR);
        assertNegative(ask("c.auth.example.org.", Type.TXT), Rcode.NOERROR);
    }

    @Test
    void answersNodataWithSoaForMissingTypesAtTheApexAndStaticNames() {
        assertNegative(ask("auth.example.org.", Type.A), Rcode.NOERROR);
        assertNegative(ask("www.auth.example.org.", Type.AAAA), Rcode.NOERROR);
    }

    @Test
    void answersNxdomainWithSoaForAnUnknownName() {
        assertNegative(ask("nobody.auth.example.org.", Type.TXT), Rcode.NXDOMAIN);
    }

    @Test
    void answersNxdomainBelowARegisteredSubdomain() {
        assertNegative(ask("x.abc-123.auth.example.org.", Type.TXT), Rcode.NXDOMAIN);
        assertNegative(ask("x.empty-1.auth.example.org.", Type.A), Rcode.NXDOMAIN);
    }

    @Test
    void answersNxdomainBelowAStaticLeaf() {
        assertNegative(ask("x.a.b.c.auth.example.org.", Type.A), Rcode.NXDOMAIN);
    }

    @Test
    void refusesWithoutAuthorityOutsideTheZone() {
        for (String outside : List.of("example.org.", "www.example.com.", "auth.example.org.evil.")) {
            Message reply = ask(outside, Type.A);
            assertThat(reply.getRcode()).as(outside).isEqualTo(Rcode.REFUSED);
            assertThat(reply.getHeader().getFlag(Flags.AA)).as(outside).isFalse();
            assertThat(answer(reply)).isEmpty();
            assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcode.NOTIFY, Opcode.UPDATE, Opcode.STATUS, Opcode.IQUERY})
    void answersNotimpForOpcodesOtherThanQuery(int opcode) {
        Message query = query("auth.example.org.", Type.SOA);
        query.getHeader().setOpcode(opcode);
        Message reply = responder.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(reply.getHeader().getOpcode()).isEqualTo(opcode);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void refusesClassChaos() {
        Message reply =
                responder.respond(Message.newQuery(Record.newRecord(name("version.bind."), Type.TXT, DClass.CH)));
        Message inZone =
                responder.respond(Message.newQuery(Record.newRecord(TestServedZone.APEX, Type.SOA, DClass.CH)));

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(inZone.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(inZone.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {Type.AXFR, Type.IXFR})
    void refusesZoneTransfers(int type) {
        Message reply = ask("auth.example.org.", type);

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer(reply)).isEmpty();
    }

    @Test
    void answersFormerrForTwoQuestions() {
        Message query = query("auth.example.org.", Type.SOA);
        query.addRecord(Record.newRecord(name("www.auth.example.org."), Type.A, DClass.IN), Section.QUESTION);
        Message reply = responder.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(answer(reply)).isEmpty();
    }

    @Test
    void keepsTheOptOnAFormerrForTwoQuestions() {
        Message query = query("auth.example.org.", Type.SOA);
        query.addRecord(Record.newRecord(name("www.auth.example.org."), Type.A, DClass.IN), Section.QUESTION);
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

        assertThat(responder.respond(query).getOPT()).isNotNull();
    }

    @Test
    void answersNotimpForAnUnknownOpcodeEvenWithoutAQuestion() {
        Message headerOnly = new Message(8);
        headerOnly.getHeader().setOpcode(Opcode.STATUS);
        headerOnly.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message reply = responder.respond(headerOnly);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.STATUS);
        assertThat(reply.getOPT().getFlags()).isEqualTo(ExtendedFlags.DO);
    }

    @Test
    void answersFormerrForNoQuestion() {
        Message reply = responder.respond(new Message(7));

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(reply.getHeader().getID()).isEqualTo(7);
    }

    @Test
    void answersFormerrForTwoOptRecordsOrAnOptOutsideAdditional() {
        Message twoOpts = query("auth.example.org.", Type.SOA);
        twoOpts.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        twoOpts.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message optInAnswer = query("auth.example.org.", Type.SOA);
        optInAnswer.addRecord(new OPTRecord(1232, 0, 0), Section.ANSWER);

        assertThat(responder.respond(twoOpts).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(responder.respond(twoOpts).getOPT())
                .as("RFC 6891 section 7: an OPT in the FORMERR")
                .isNotNull();
        assertThat(responder.respond(optInAnswer).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void answersBadversWithOptForEdnsVersionOne() {
        Message query = query("abc-123.auth.example.org.", Type.TXT);
        query.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);
        Message reply = responder.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(reply.getHeader().getRcode()).isZero();
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getVersion()).isZero();
        assertThat(reply.getOPT().getExtendedRcode()).isEqualTo(1);
        assertThat(answer(reply)).isEmpty();
    }

    @Test
    void echoesOptWithOurPayloadSizeAndTheDoBitAsAsked() {
        Message query = query("abc-123.auth.example.org.", Type.TXT);
        query.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message reply = responder.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(reply.getOPT().getFlags())
                .as("DO copied (RFC 3225 section 3)")
                .isEqualTo(ExtendedFlags.DO);
        assertThat(answer(reply)).hasSize(2);
        assertThat(ask("abc-123.auth.example.org.", Type.TXT).getOPT()).isNull();
    }

    @Test
    void clearsEdnsFlagsItDoesNotKnowAndLeavesDoClearWhenNotAsked() {
        Message query = query("abc-123.auth.example.org.", Type.TXT);
        query.addRecord(new OPTRecord(1232, 0, 0, 0x4001), Section.ADDITIONAL);

        assertThat(responder.respond(query).getOPT().getFlags()).isZero();
    }

    @Test
    void answersNotimpForQtypeZeroAndMetaTypesThatCannotBeAskedFor() {
        for (int type : new int[] {0, Type.OPT, 128, 200, Type.TKEY, Type.TSIG, Type.MAILB, Type.MAILA}) {
            Message reply = ask("auth.example.org.", type);
            assertThat(reply.getRcode()).as(Type.string(type)).isEqualTo(Rcode.NOTIMP);
            assertThat(reply.getSection(Section.AUTHORITY))
                    .as(Type.string(type))
                    .isEmpty();
        }
        assertThat(ask("auth.example.org.", Type.ANY).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("auth.example.org.", 127).getRcode())
                .as("an unknown data type is NODATA")
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void sendsNoOptWhenTheQueryHasNone() {
        assertThat(ask("abc-123.auth.example.org.", Type.TXT).getOPT()).isNull();
    }

    @Test
    void ignoresUnknownEdnsOptions() {
        Message query = query("abc-123.auth.example.org.", Type.TXT);
        query.addRecord(
                new OPTRecord(1232, 0, 0, 0, List.of(new org.xbill.DNS.GenericEDNSOption(65001, new byte[] {1, 2, 3}))),
                Section.ADDITIONAL);
        Message reply = responder.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(reply)).hasSize(2);
        assertThat(reply.getOPT().getOptions()).isEmpty();
    }

    @Test
    void answersAnyWithOneRrsetOnly() {
        Message apex = ask("auth.example.org.", Type.ANY);
        Message registered = ask("abc-123.auth.example.org.", Type.ANY);
        Message empty = ask("empty-1.auth.example.org.", Type.ANY);

        assertThat(answer(apex)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(answer(registered)).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(TXTRecord.class));
        assertNegative(empty, Rcode.NOERROR);
    }

    @Test
    void sendsNoReplyToAResponse() {
        Message response = query("auth.example.org.", Type.SOA);
        response.getHeader().setFlag(Flags.QR);

        assertThat(responder.respond(response)).isNull();
    }

    @Test
    void followsACnameInsideTheZoneToChallengeValues() {
        Message reply = ask("_acme-challenge.ALIAS.auth.example.org.", Type.TXT);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(reply)).hasSize(3);
        assertThat(answer(reply).get(0)).isInstanceOfSatisfying(CNAMERecord.class, c -> {
            assertThat(c.getName().toString()).isEqualTo("_acme-challenge.ALIAS.auth.example.org.");
            assertThat(c.getTarget()).isEqualTo(name("abc-123.auth.example.org."));
        });
        assertThat(answer(reply).subList(1, 3)).allSatisfy(r -> {
            assertThat(r).isInstanceOf(TXTRecord.class);
            assertThat(r.getName()).isEqualTo(name("abc-123.auth.example.org."));
        });
    }

    @Test
    void answersTheCnameItselfWhenAskedForCname() {
        Message reply = ask("_acme-challenge.alias.auth.example.org.", Type.CNAME);

        assertThat(answer(reply)).singleElement().isInstanceOf(CNAMERecord.class);
    }

    @Test
    void stopsAtACnameLeavingTheZoneWithoutAuthority() {
        Message reply = ask("out.auth.example.org.", Type.A);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(reply)).singleElement().isInstanceOf(CNAMERecord.class);
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
    }

    @Test
    void answersNxdomainWithTheCnameWhenTheTargetDoesNotExist() {
        Message reply = ask("gone.auth.example.org.", Type.A);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer(reply)).singleElement().isInstanceOf(CNAMERecord.class);
        assertThat(reply.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void answersServfailWithoutThrowingWhenTheLookupFails() {
        Responder failing = new Responder(
                TestServedZone.zone(),
                name -> {
                    throw new IllegalStateException("index broken");
                },
                Duration.ofSeconds(1));
        Message query = query("abc-123.auth.example.org.", Type.TXT);
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message reply = failing.respond(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(answer(reply)).isEmpty();
        assertThat(reply.getOPT()).isNotNull();
    }

    @Test
    void readsChallengeValuesAtEachQuery() {
        var index = TestServedZone.challenges();
        Responder live = new Responder(TestServedZone.zone(), index, Duration.ofSeconds(1));
        index.remove(TestServedZone.WITH_VALUES);

        assertNegative(live.respond(query("abc-123.auth.example.org.", Type.TXT)), Rcode.NXDOMAIN);
    }

    @Test
    void copiesTheCheckingDisabledFlag() {
        Message query = query("www.auth.example.org.", Type.A);
        query.getHeader().setFlag(Flags.CD);

        assertThat(responder.respond(query).getHeader().getFlag(Flags.CD)).isTrue();
    }

    @Test
    void answersAStaticAddressAsARecordObject() {
        assertThat(answer(ask("a.b.c.auth.example.org.", Type.A)))
                .singleElement()
                .isInstanceOf(ARecord.class);
    }

    @Test
    void treatsAnEmptyRootQueryAsOutsideTheZone() {
        assertThat(ask(Name.root.toString(), Type.NS).getRcode()).isEqualTo(Rcode.REFUSED);
    }
}
