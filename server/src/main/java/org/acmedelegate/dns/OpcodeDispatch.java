package org.acmedelegate.dns;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * The one place where a request is sent by its opcode: TSIG is checked first (a failure is answered as
 * RFC 8945 says, whatever the opcode), then QUERY goes to the {@link Responder} and each other opcode to
 * the handler registered for it ({@link #handle}); opcodes without one get what the Responder says
 * (NOTIMP). Answers to verified requests are signed with the request's key.
 */
public final class OpcodeDispatch {
    /** Answers requests of one opcode; returns null to send nothing. */
    @FunctionalInterface
    public interface Handler {
        Message answer(Message request, TsigVerdict verdict, SocketAddress sender);
    }

    private final Responder responder;
    private final TsigVerifier tsig;
    private final Map<Integer, Handler> handlers = new ConcurrentHashMap<>();

    public OpcodeDispatch(Responder responder, TsigVerifier tsig) {
        this.responder = responder;
        this.tsig = tsig;
    }

    /** Sends requests with {@code opcode} (not QUERY) to {@code handler} from now on. */
    public OpcodeDispatch handle(int opcode, Handler handler) {
        if (opcode == Opcode.QUERY) {
            throw new IllegalArgumentException("QUERY is the Responder's");
        }
        handlers.put(opcode, handler);
        return this;
    }

    /** The signed (or unsigned) answer to {@code request}, parsed from exactly {@code wire}; null: none. */
    public Message answer(Message request, byte[] wire, SocketAddress sender) {
        if (request.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        TsigVerdict verdict = tsig.verify(request, wire);
        if (verdict.failed()) {
            Message error = Responder.reply(request, Rcode.NOERROR, true);
            verdict.applyTo(error);
            return error;
        }
        int opcode = request.getHeader().getOpcode();
        Handler handler = opcode == Opcode.QUERY ? null : handlers.get(opcode);
        Message reply = handler == null ? responder.respond(request) : handler.answer(request, verdict, sender);
        if (reply != null) {
            verdict.applyTo(reply);
        }
        return reply;
    }

    /** A reply to {@code request} with {@code rcode}, its question and EDNS as the Responder writes them. */
    public static Message refusal(Message request, int rcode) {
        return Responder.reply(request, rcode, true);
    }
}
