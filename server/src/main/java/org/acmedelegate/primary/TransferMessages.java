package org.acmedelegate.primary;

import java.util.function.Consumer;
import org.acmedelegate.dns.tsig.TsigStream;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Packs the records of one transfer answer into messages of at most {@link #RECORDS_PER_MESSAGE} records and
 * hands each message's wire bytes (signed on every message when the request was) to {@code out} as it fills,
 * so only one message is in memory at a time. The first message carries the question.
 */
final class TransferMessages {
    static final int RECORDS_PER_MESSAGE = 200;

    private final Message request;
    private final TsigStream tsig;
    private final Consumer<byte[]> out;
    private Message current;
    private int messages;

    TransferMessages(Message request, TsigStream tsig, Consumer<byte[]> out) {
        this.request = request;
        this.tsig = tsig;
        this.out = out;
    }

    void add(Record record) {
        if (current == null) {
            current = start();
        }
        current.addRecord(record, Section.ANSWER);
        if (current.getHeader().getCount(Section.ANSWER) >= RECORDS_PER_MESSAGE) {
            flush();
        }
    }

    /** Sends what is pending; returns how many messages were sent in all. */
    int finish() {
        flush();
        return messages;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        out.accept(tsig == null ? current.toWire(65535) : tsig.sign(current));
        current = null;
        messages++;
    }

    private Message start() {
        Message m = new Message(request.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        if (messages == 0) {
            m.addRecord(request.getQuestion(), Section.QUESTION);
        }
        return m;
    }
}
