package org.acmedelegate.dns;

import java.net.SocketAddress;
import java.util.function.Consumer;
import org.xbill.DNS.Message;

/**
 * Requests answered beside the pure query path: RFC 2136 UPDATEs, which write the store and so are answered
 * later from a thread of their own, and queries signed with a registration's TSIG key. The Netty handlers
 * and {@link WireResponder} consult it only for those, so unsigned queries never reach it.
 */
public interface SignedRequests {

    /** Whether {@code wire} is an UPDATE (opcode 5) from its header alone; false for anything shorter than one. */
    static boolean isUpdate(byte[] wire) {
        return wire.length >= 12 && (wire[2] & 0x80) == 0 && ((wire[2] >> 3) & 0xF) == 5;
    }

    /**
     * Takes an UPDATE's bytes on the receiving thread and returns without blocking: the reply bytes (or none,
     * when the UPDATE is dropped) go to {@code reply} either before this returns, on this thread (refusals and
     * TSIG failures, decided from memory), or later from the update worker (verified UPDATEs, which write the
     * store). {@code reply} must accept both.
     */
    void update(byte[] wire, SocketAddress sender, boolean tcp, Consumer<byte[]> reply);

    /**
     * The signed reply to a TSIG-signed query, or null when its key is not one this handles (the general path
     * answers it then). Runs on the event loop: memory only, one HMAC.
     */
    Message signedQuery(Message query, byte[] wire);
}
