package org.acmedelegate.dns.tsig;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs the messages of one multi-message answer in order (RFC 8945 section 5.3.1): the first with the
 * request's MAC and every TSIG variable, each later one with the previous message's MAC and the timers
 * only. Every message is signed. One instance per answer; not thread-safe.
 */
public final class TsigStream {
    private static final int MAX_MESSAGE = 65535;
    private final TSIG signer;
    private TSIGRecord previous;
    private boolean first = true;

    TsigStream(TSIG signer, TSIGRecord request) {
        this.signer = signer;
        this.previous = request;
    }

    /** The wire form of {@code message} with its TSIG record appended. */
    public byte[] sign(Message message) {
        byte[] unsigned = message.toWire(MAX_MESSAGE);
        TSIGRecord tsig = signer.generate(message, unsigned, Rcode.NOERROR, previous, first);
        byte[] record = tsig.toWire(Section.ADDITIONAL);
        byte[] signed = new byte[unsigned.length + record.length];
        System.arraycopy(unsigned, 0, signed, 0, unsigned.length);
        System.arraycopy(record, 0, signed, unsigned.length, record.length);
        int additional = ((signed[10] & 0xFF) << 8 | (signed[11] & 0xFF)) + 1;
        signed[10] = (byte) (additional >>> 8);
        signed[11] = (byte) additional;
        previous = tsig;
        first = false;
        return signed;
    }
}
