package org.acmedelegate.primary;

/** Reads just enough of a request's wire bytes to tell a zone transfer request from anything else. */
final class TransferRequests {
    private TransferRequests() {}

    /**
     * The question's type when the first {@code length} bytes of {@code wire} are a query (QR clear, opcode QUERY) with exactly one question;
     * -1 otherwise.
     */
    static int questionType(byte[] wire, int length) {
        if (length < 17 || (wire[2] & 0x80) != 0 || ((wire[2] >> 3) & 0xF) != 0 || wire[4] != 0 || wire[5] != 1) {
            return -1;
        }
        int at = 12;
        while (at < length) {
            int label = wire[at] & 0xFF;
            if (label == 0) {
                break;
            }
            if ((label & 0xC0) != 0) {
                return -1; // a pointer in the question: not how transfer requests are written
            }
            at += label + 1;
        }
        return at + 2 < length ? ((wire[at + 1] & 0xFF) << 8) | (wire[at + 2] & 0xFF) : -1;
    }
}
