package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.acmedelegate.DnsTestClient;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.config.TcpLimits;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The UDP listener on real loopback sockets under concurrent and hostile traffic: every socket of the port
 * answers, bad datagrams leave it serving, and it stops promptly and quietly.
 */
@Timeout(30)
class UdpTransportIT {
    private static final InetSocketAddress LOOPBACK_ANY_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int NAMES = 200;
    private final Logger dnsLog = (Logger) LoggerFactory.getLogger("org.acmedelegate.dns");
    // The handler logs a fault in one datagram at debug: ICMP errors arrive the same way.
    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(UdpQueryHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Set<String> answeringThreads = ConcurrentHashMap.newKeySet();
    private Level oldLevel;
    private DnsServer server;

    @BeforeEach
    void captureLog() {
        oldLevel = dnsLog.getLevel();
        dnsLog.setLevel(Level.INFO);
        handlerLog.setLevel(Level.DEBUG);
        logged.start();
        dnsLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        dnsLog.detachAppender(logged);
        dnsLog.setLevel(oldLevel);
        handlerLog.setLevel(null);
    }

    private static String value(int i) {
        return String.format("v%042d", i);
    }

    private static String name(int i) {
        return "n-" + i + ".auth.example.org.";
    }

    private WireResponder responder() {
        ChallengeIndex index = new ChallengeIndex(TestServedZone.APEX, TestServedZone.CLOCK, Duration.ZERO, NAMES);
        for (int i = 0; i < NAMES; i++) {
            index.replace(
                    new Subdomain("n-" + i), List.of(new TxtEntry(new TxtValue(value(i)), i, TestServedZone.START)));
        }
        DnsObserver threads = (tcp, qtype, rcode, nanos) ->
                answeringThreads.add(Thread.currentThread().getName());
        return new WireResponder(
                new Responder(TestServedZone.zone(), index, Duration.ofSeconds(1)), threads, false, null);
    }

    private static byte[] query(int id, String qname, int type) {
        Message query = Message.newQuery(Record.newRecord(TestServedZone.name(qname), type, DClass.IN));
        query.getHeader().setID(id);
        return query.toWire();
    }

    private InetSocketAddress start(WireResponder responder) throws java.io.IOException {
        return start(responder, 2);
    }

    private InetSocketAddress start(WireResponder responder, int udpWorkers) throws java.io.IOException {
        server = new DnsServer(List.of(LOOPBACK_ANY_PORT), TcpLimits.DEFAULT, udpWorkers, responder);
        server.start();
        return server.udpAddresses().get(0);
    }

    private List<ILoggingEvent> warnings() {
        return logged.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .toList();
    }

    @Test
    void manyConcurrentClientsOnSeveralSocketsGetEveryAnswerRight() throws Exception {
        InetSocketAddress address = start(responder());
        askConcurrently(address);

        // With epoll every event loop has a socket of its own on the port (SO_REUSEPORT); sixteen source ports
        // all hashed to the same one of two would be a 1 in 2^15 chance.
        assertThat(answeringThreads).hasSizeGreaterThan(Epoll.isAvailable() ? 1 : 0);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void oneUdpWorkerAnswersEveryClientFromOneThread() throws Exception {
        InetSocketAddress address = start(responder(), 1);
        askConcurrently(address);

        assertThat(answeringThreads).hasSize(1);
        assertThat(warnings()).isEmpty();
    }

    private static void askConcurrently(InetSocketAddress address) throws Exception {
        int clients = 16;
        int queriesEach = 300;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> right = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int seed = c;
                right.add(pool.submit(() -> askRandomNames(address, seed, queriesEach)));
            }
            for (Future<Integer> client : right) {
                assertThat(client.get()).isEqualTo(queriesEach);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Each query's answer must carry its own ID and the value of the name it asked for.
    private static int askRandomNames(InetSocketAddress server, long seed, int queries) throws Exception {
        Random random = new Random(seed);
        int right = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout(3000);
            byte[] buffer = new byte[65535];
            for (int q = 0; q < queries; q++) {
                int i = random.nextInt(NAMES);
                int id = random.nextInt(65536);
                byte[] query = query(id, name(i), Type.TXT);
                socket.send(new DatagramPacket(query, query.length, server));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message reply = new Message(Arrays.copyOf(buffer, packet.getLength()));
                if (reply.getHeader().getID() == id && DnsTestClient.txt(reply).equals(List.of(value(i)))) {
                    right++;
                }
            }
        }
        return right;
    }

    @Test
    void malformedAndFaultingDatagramsLeaveItServingAndEachFaultIsLoggedOnce() throws Exception {
        WireResponder wire = responder();
        wire.handSignedRequestsTo(new SignedRequests() {
            @Override
            public void update(byte[] bytes, SocketAddress sender, boolean tcp, Consumer<byte[]> reply) {
                throw new IllegalStateException("the update worker broke");
            }

            @Override
            public Message signedQuery(Message query, byte[] bytes) {
                return null;
            }
        });
        InetSocketAddress server = start(wire);
        byte[] manyQuestions = new byte[12];
        manyQuestions[5] = 50; // QDCOUNT 50, none there
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        Message update = Message.newUpdate(TestServedZone.APEX);
        update.getHeader().setOpcode(Opcode.UPDATE);

        Message reply;
        // One client socket for all: its datagrams reach the same server socket and are read in order, so the
        // good query is answered only after every bad one was handled.
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            for (byte[] bad : List.of(new byte[0], new byte[5], manyQuestions, noise, new byte[65507])) {
                socket.send(new DatagramPacket(bad, bad.length, server));
            }
            for (int i = 0; i < 3; i++) {
                byte[] faulting = update.toWire();
                socket.send(new DatagramPacket(faulting, faulting.length, server));
            }
            reply = lastReply(socket, server, query(77, name(5), Type.TXT));
        }

        assertThat(reply.getHeader().getID()).isEqualTo(77);
        assertThat(DnsTestClient.txt(reply)).containsExactly(value(5));
        assertThat(this.server.listening()).isTrue();
        assertThat(warnings()).isEmpty();
        assertThat(logged.list)
                .filteredOn(e -> e.getFormattedMessage().contains("the update worker broke"))
                .hasSize(3);
    }

    // Sends {@code query} and returns the reply with its ID, skipping replies to what was sent before (FORMERR).
    private static Message lastReply(DatagramSocket socket, InetSocketAddress server, byte[] query) throws Exception {
        socket.setSoTimeout(3000);
        socket.send(new DatagramPacket(query, query.length, server));
        int id = ((query[0] & 0xFF) << 8) | (query[1] & 0xFF);
        byte[] buffer = new byte[65535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            Message reply = new Message(Arrays.copyOf(buffer, packet.getLength()));
            if (reply.getHeader().getID() == id) {
                return reply;
            }
        }
    }

    @Test
    void stopsPromptlyAndQuietlyAndFreesThePort() throws Exception {
        InetSocketAddress address = start(responder());
        assertThat(DnsTestClient.txt(DnsTestClient.udp(address, query(1, name(1), Type.TXT))))
                .containsExactly(value(1));
        List<Thread> answering = threadsNamed(answeringThreads);
        assertThat(answering).isNotEmpty();

        long started = System.nanoTime();
        server.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        server = null;

        // The event loops' termination is signalled from the loop thread just before it returns.
        for (Thread thread : answering) {
            thread.join(500);
        }
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(answering).noneMatch(Thread::isAlive);
        assertThat(warnings()).isEmpty();
        try (DatagramSocket again = new DatagramSocket(address)) {
            assertThat(again.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    private static List<Thread> threadsNamed(Set<String> names) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> names.contains(t.getName()))
                .toList();
    }
}
