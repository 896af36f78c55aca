package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.index.ChallengeLookup;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/**
 * Generated queries (names, cases, types, classes, header bits, EDNS variants, malformed bytes) answered by
 * the fast path and by the general path ({@link Responder} + {@link WireCodec}): whenever the fast path
 * answers, its bytes must be the general path's, over UDP and TCP.
 */
class TxtFastPathDifferentialTest {
    private static final int QUERIES = 30_000;
    private static final String[] LABELS = {
        "abc-123",
        "empty-1",
        "old-1",
        "odd-1",
        "odd-2",
        "odd-3",
        "many-1",
        "www",
        "ns1",
        "mixed",
        "alias",
        "out",
        "gone",
        "c",
        "hostmaster",
        "nope",
        "x",
        "a".repeat(63)
    };
    private static final int[] TYPES = {16, 16, 16, 16, 1, 1, 28, 28, 0, 2, 5, 6, 15, 41, 128, 251, 252, 255, 99, 65535
    };

    @Test
    void theFastPathAnswersExactlyAsTheGeneralPathOrDeclines() {
        int taken = 0;
        for (Responder responder : List.of(indexed(), odd())) {
            TxtFastPath fast = new TxtFastPath(responder);
            Random random = new Random(20261203L);
            byte[] out = new byte[WireCodec.TCP_MAX];
            for (int i = 0; i < QUERIES; i++) {
                byte[] query = query(random);
                for (boolean tcp : new boolean[] {false, true}) {
                    int length = fast.answer(query, query.length, tcp, out);
                    if (length != TxtFastPath.DECLINE) {
                        taken++;
                        assertThat(Arrays.copyOf(out, length))
                                .as("query %s over %s", Arrays.toString(query), tcp ? "TCP" : "UDP")
                                .isEqualTo(general(responder, query, tcp));
                    }
                }
            }
        }
        // A good share of the generated queries have the shapes the fast path takes: it must have answered them.
        assertThat(taken).as("answers from the fast path").isGreaterThan(2 * 2 * QUERIES / 20);
    }

    // The test zone with a real index: values live, none, expired (lifetime one hour).
    private static Responder indexed() {
        ChallengeIndex index = new ChallengeIndex(TestServedZone.APEX, TestServedZone.CLOCK, Duration.ofHours(1), 0);
        Instant now = TestServedZone.START;
        index.replace(
                TestServedZone.WITH_VALUES,
                List.of(
                        new TxtEntry(new TxtValue(TestServedZone.VALUE_1), 1, now),
                        new TxtEntry(new TxtValue(TestServedZone.VALUE_2), 2, now.minusSeconds(7200))));
        index.replace(TestServedZone.WITHOUT_VALUES, List.of());
        index.replace(
                new Subdomain("old-1"), List.of(new TxtEntry(new TxtValue("o".repeat(43)), 1, now.minusSeconds(7200))));
        index.replace(
                new Subdomain("many-1"),
                List.of(
                        entry('m', 1),
                        entry('n', 2),
                        entry('p', 3),
                        entry('q', 4),
                        entry('r', 5),
                        entry('s', 6),
                        entry('t', 7),
                        entry('u', 8),
                        entry('v', 9),
                        entry('w', 10)));
        return new Responder(TestServedZone.zone(), index, Duration.ofSeconds(1));
    }

    private static TxtEntry entry(char c, int sequence) {
        return new TxtEntry(new TxtValue(String.valueOf(c).repeat(43)), sequence, TestServedZone.START);
    }

    // A lookup with values the index never holds, through ChallengeLookup's default byte lookup.
    private static Responder odd() {
        Map<String, List<String>> values = Map.of(
                "abc-123", List.of("with \"quotes\" and spaces", "x"),
                "odd-1", List.of("back\\slash"),
                "odd-2", List.of("l".repeat(300)),
                "odd-3", List.of("caf\u00e9", ""),
                "many-1", java.util.Collections.nCopies(40, "k".repeat(43)),
                "empty-1", List.of());
        ChallengeLookup lookup =
                name -> name.labels() == TestServedZone.APEX.labels() + 1 && name.subdomain(TestServedZone.APEX)
                        ? values.get(name.getLabelString(0).toLowerCase(java.util.Locale.ROOT))
                        : null;
        return new Responder(TestServedZone.zone(), lookup, Duration.ofSeconds(3600));
    }

    private static byte[] general(Responder responder, byte[] query, boolean tcp) {
        WireCodec.Decoded decoded = WireCodec.decode(query);
        if (decoded.reply() != null) {
            return tcp ? WireCodec.encodeTcp(decoded.reply()) : WireCodec.encodeUdp(decoded.reply(), null);
        }
        Message reply = decoded.query() == null ? null : responder.respond(decoded.query());
        if (reply == null) {
            return null;
        }
        return tcp ? WireCodec.encodeTcp(reply) : WireCodec.encodeUdp(reply, decoded.query());
    }

    private static byte[] query(Random r) {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.write(r.nextInt(256));
        q.write(r.nextInt(256));
        q.write(r.nextInt(8) == 0 ? r.nextInt(256) : (r.nextBoolean() ? 0x01 : 0)); // QR, opcode, AA, TC, RD
        q.write(r.nextInt(8) == 0 ? r.nextInt(256) : (r.nextBoolean() ? 0x30 : 0)); // RA, Z, AD, CD, rcode
        boolean opt = r.nextInt(3) > 0;
        int optCount = opt ? (r.nextInt(20) == 0 ? 2 : 1) : 0;
        int[] counts = {
            r.nextInt(15) == 0 ? r.nextInt(3) : 1, r.nextInt(25) == 0 ? 1 : 0, r.nextInt(25) == 0 ? 1 : 0, optCount
        };
        for (int c : counts) {
            q.write(c >>> 8);
            q.write(c);
        }
        writeName(q, r);
        int type = r.nextInt(10) == 0 ? r.nextInt(65536) : r.nextBoolean() ? 16 : TYPES[r.nextInt(TYPES.length)];
        int dclass = r.nextInt(8) > 0 ? 1 : new int[] {3, 4, 254, 255, 0, r.nextInt(65536)}[r.nextInt(6)];
        q.write(type >>> 8);
        q.write(type);
        q.write(dclass >>> 8);
        q.write(dclass);
        for (int i = 0; i < optCount; i++) {
            writeOpt(q, r);
        }
        byte[] wire = q.toByteArray();
        switch (r.nextInt(20)) {
            case 0 -> wire = Arrays.copyOf(wire, r.nextInt(wire.length + 1)); // cut short
            case 1 -> wire = Arrays.copyOf(wire, wire.length + 1 + r.nextInt(4)); // trailing bytes
            case 2 -> wire[r.nextInt(wire.length)] = (byte) r.nextInt(256); // one byte changed
            default -> {}
        }
        return wire;
    }

    private static void writeName(ByteArrayOutputStream q, Random r) {
        int shape = r.nextInt(24); // 0-5: unusual shapes
        if (shape == 0) {
            q.write(0); // the root
            return;
        }
        if (shape == 1) {
            q.write(0xC0); // a compression pointer where none can point
            q.write(12);
            return;
        }
        String label;
        int kind = r.nextInt(4);
        if (kind == 0) {
            StringBuilder b = new StringBuilder();
            int length = 1 + r.nextInt(r.nextInt(10) == 0 ? 63 : 16);
            String alphabet = r.nextInt(10) == 0 ? "ab_.\\*\u0080\u00ff- " : "abcdefghijklmnopqrstuvwxyz0123456789-";
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            label = b.toString();
        } else {
            label = LABELS[r.nextInt(LABELS.length)];
        }
        if (shape == 2) {
            writeLabel(q, r, "deeper");
        }
        if (shape != 3) {
            writeLabel(q, r, label);
        }
        String[] zone = shape == 4
                ? new String[] {"auth", "example", "com"}
                : shape == 5 ? new String[] {"example", "org"} : new String[] {"auth", "example", "org"};
        for (String z : zone) {
            writeLabel(q, r, z);
        }
        q.write(0);
    }

    private static void writeLabel(ByteArrayOutputStream q, Random r, String label) {
        byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
        q.write(bytes.length);
        for (byte b : bytes) {
            q.write(r.nextInt(3) == 0 && Character.isLetter(b) ? Character.toUpperCase(b) : b);
        }
    }

    private static void writeOpt(ByteArrayOutputStream q, Random r) {
        q.write(r.nextInt(30) == 0 ? 1 : 0); // owner: root, or a broken one
        q.write(0);
        q.write(41);
        int payload = new int[] {0, 100, 511, 512, 600, 1232, 1400, 4096, 65535}[r.nextInt(9)];
        q.write(payload >>> 8);
        q.write(payload);
        q.write(r.nextInt(20) == 0 ? 1 : 0); // extended rcode
        q.write(r.nextInt(15) == 0 ? 1 : 0); // version
        q.write(r.nextBoolean() ? 0x80 : (r.nextInt(10) == 0 ? r.nextInt(256) : 0)); // DO and other flags
        q.write(r.nextInt(10) == 0 ? r.nextInt(256) : 0);
        if (r.nextInt(8) == 0) {
            int length = r.nextInt(12);
            q.write(0);
            q.write(length + 4);
            q.write(0);
            q.write(r.nextInt(16)); // option code
            q.write(0);
            q.write(length);
            for (int i = 0; i < length; i++) {
                q.write(r.nextInt(256));
            }
        } else {
            q.write(0);
            q.write(0);
        }
    }
}
