package org.acmedelegate.primary;

/** Reads just enough of a request's wire bytes to tell a zone transfer request from anything else. */
final class TransferRequests {
    private TransferRequests() {
    }

    /**
     * The question's type when {@code wire} is a query (QR clear, opcode QUERY) with exactly one question;
     * -1 otherwise.
     */
    static int questionType(byte[] wire) {
        if (wire.length < 17 || (wire[2] & 0x80) != 0 || ((wire[2] >> 3) & 0xF) != 0
                || wire[4] != 0 || wire[5] != 1) {
            return -1;
        }
        int at = 12;
        while (at < wire.length) {
            int length = wire[at] & 0xFF;
            if (length == 0) {
                break;
            }
            if ((length & 0xC0) != 0) {
                return -1; // a pointer in the question: not how transfer requests are written
            }
            at += length + 1;
        }
        return at + 2 < wire.length ? ((wire[at + 1] & 0xFF) << 8) | (wire[at + 2] & 0xFF) : -1;
    }
}
