package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.acmedelegate.dns.tsig.TsigKeyring;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class OpcodeDispatchTest {
    private static final TsigKey KEY = new TsigKey(
            Name.fromConstantString("xfr-key."),
            TsigAlgorithm.HMAC_SHA256,
            "0123456789abcdef0123456789abcdef".getBytes());
    private final OpcodeDispatch dispatch = new OpcodeDispatch(
                    TestServedZone.responder(), new TsigVerifier(TsigKeyring.of(List.of(KEY)), TestServedZone.CLOCK))
            .handle(Opcode.NOTIFY, (request, verdict, sender) -> OpcodeDispatch.refusal(request, Rcode.NOTAUTH));

    private Message send(Message request) throws IOException {
        byte[] wire = request.toWire(65535);
        Message reply = dispatch.answer(new Message(wire), wire, null);
        return new Message(reply.toWire(65535));
    }

    private static Message soaQuery(int opcode) {
        Message query = Message.newQuery(
                org.xbill.DNS.Record.newRecord(TestServedZone.APEX, Type.SOA, org.xbill.DNS.DClass.IN));
        query.getHeader().setOpcode(opcode);
        return query;
    }

    @Test
    void answersAQueryAsTheResponderDoes() throws IOException {
        Message reply = send(soaQuery(Opcode.QUERY));
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getTSIG()).isNull();
        assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
    }

    @Test
    void signsTheAnswerToASignedQueryWithTheRequestsKey() throws IOException {
        Message query = soaQuery(Opcode.QUERY);
        query.setTSIG(KEY.tsig(TestServedZone.CLOCK));
        byte[] wire = query.toWire(65535);
        Message sent = new Message(wire);
        Message reply = dispatch.answer(sent, wire, null);
        byte[] replyWire = reply.toWire(65535);
        assertThat(KEY.tsig(TestServedZone.CLOCK).verify(new Message(replyWire), replyWire, sent.getTSIG()))
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void answersNotauthWithBadsigToAQueryWithAWrongSecretWhateverItsOpcode() throws IOException {
        TsigKey wrong = new TsigKey(KEY.name(), KEY.algorithm(), "fedcba9876543210fedcba9876543210".getBytes());
        Message query = soaQuery(Opcode.QUERY);
        query.setTSIG(wrong.tsig(TestServedZone.CLOCK));
        Message reply = send(query);
        assertThat(reply.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(reply.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
        assertThat(reply.getSection(org.xbill.DNS.Section.ANSWER)).isEmpty();
    }

    @Test
    void sendsEachOtherOpcodeToItsHandlerAndLeavesTheRestToTheResponder() throws IOException {
        assertThat(send(soaQuery(Opcode.NOTIFY)).getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(send(soaQuery(Opcode.UPDATE)).getRcode()).isEqualTo(Rcode.NOTIMP);
        dispatch.handle(Opcode.UPDATE, (request, verdict, sender) -> OpcodeDispatch.refusal(request, Rcode.REFUSED));
        assertThat(send(soaQuery(Opcode.UPDATE)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void sendsNothingForAResponse() throws IOException {
        Message response = soaQuery(Opcode.QUERY);
        response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        byte[] wire = response.toWire();
        assertThat(dispatch.answer(new Message(wire), wire, null)).isNull();
    }
}
