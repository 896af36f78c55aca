package org.acmedelegate.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one UDP socket on a thread of its own: a blocking receive into one reused direct buffer, the answer
 * through {@link UdpExchange}, a send from another reused direct buffer; no objects per datagram of its own.
 * Closing the channel wakes the receive and ends the loop quietly; a fault in one datagram is logged (at most
 * one line per {@link #FAULT_LOG_INTERVAL_NANOS}) and the loop goes on.
 */
final class UdpReceiveLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpReceiveLoop.class);
    // A flood of datagrams that all hit one bug must not flood the log too.
    static final long FAULT_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final DatagramChannel channel;
    private final UdpExchange exchange;
    private final ByteBuffer in = ByteBuffer.allocateDirect(WireCodec.TCP_MAX);
    private final ByteBuffer out = ByteBuffer.allocateDirect(WireCodec.TCP_MAX);
    private long lastFaultLogged;
    private long faultsNotLogged;
    private boolean faultLogged;

    UdpReceiveLoop(DatagramChannel channel, WireResponder responder) {
        this.channel = channel;
        this.exchange = new UdpExchange(responder);
    }

    @Override
    public void run() {
        try {
            while (channel.isOpen()) {
                in.clear();
                InetSocketAddress sender;
                try {
                    sender = (InetSocketAddress) channel.receive(in);
                } catch (ClosedChannelException e) {
                    return; // closed by DnsServer.close(), or by a fault below: the normal way out
                } catch (IOException e) {
                    if (channel.isOpen()) {
                        fault(null, e);
                    }
                    continue;
                }
                answer(sender);
            }
        } catch (Error e) {
            // The thread is about to die: close its socket, so the kernel sends the port's datagrams to the
            // other sockets instead of into a queue nobody reads, and readiness reports it.
            LOG.error("UDP receive loop on {} stopped", address(), e);
            closeQuietly();
            throw e;
        }
    }

    private void answer(InetSocketAddress sender) {
        try {
            if (exchange.answer(in, sender, out, this::sendLater)) {
                channel.send(out, sender);
            }
        } catch (ClosedChannelException e) {
            // closing: the loop ends at its next check
        } catch (IOException e) {
            // What a full or failing network does to one reply (unreachable, filtered): not a fault here.
            LOG.debug("UDP reply to {} not sent: {}", sender, e.toString());
        } catch (RuntimeException e) {
            fault(sender, e);
        }
    }

    private void sendLater(byte[] reply, InetSocketAddress recipient) {
        try {
            channel.send(ByteBuffer.wrap(reply), recipient);
        } catch (IOException e) {
            LOG.debug("late UDP reply to {} not sent: {}", recipient, e.toString());
        }
    }

    private void fault(InetSocketAddress sender, Exception e) {
        long now = System.nanoTime();
        if (faultLogged && now - lastFaultLogged < FAULT_LOG_INTERVAL_NANOS) {
            faultsNotLogged++;
            return;
        }
        LOG.warn(
                "UDP datagram from {} on {} failed ({} more since the last report); the socket keeps serving",
                sender == null ? "?" : sender,
                address(),
                faultsNotLogged,
                e);
        faultLogged = true;
        lastFaultLogged = now;
        faultsNotLogged = 0;
    }

    private Object address() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return "a closed socket";
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing UDP socket: {}", e.toString());
        }
    }
}
