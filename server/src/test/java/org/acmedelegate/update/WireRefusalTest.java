package org.acmedelegate.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class WireRefusalTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");

    private static byte[] update() throws Exception {
        Update u = new Update(ZONE);
        u.add(Name.fromConstantString("a.auth.example.org."), Type.TXT, 60, "value");
        return u.toWire();
    }

    @Test
    void theReplyKeepsTheIdAndZoneAndDropsEverythingElse() throws Exception {
        byte[] wire = update();
        Message reply = new Message(WireRefusal.refused(wire));
        Message update = new Message(wire);
        assertThat(reply.getHeader().getID()).isEqualTo(update.getHeader().getID());
        assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isFalse();
        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(reply.getSection(Section.ZONE)).singleElement().satisfies(z -> {
            assertThat(z.getName()).isEqualTo(ZONE);
            assertThat(z.getType()).isEqualTo(Type.SOA);
        });
        assertThat(reply.getSection(Section.PREREQ)).isEmpty();
        assertThat(reply.getSection(Section.UPDATE)).isEmpty();
        assertThat(reply.getSection(Section.ADDITIONAL)).isEmpty();
    }

    @Test
    void aZoneSectionThatCannotBeReadGivesAHeaderOnlyReply() throws Exception {
        byte[] wire = update();
        byte[] truncated = Arrays.copyOf(wire, 14);
        byte[] compressed = wire.clone();
        compressed[12] = (byte) 0xC0;
        byte[] twoZones = wire.clone();
        twoZones[5] = 2;
        byte[] header = Arrays.copyOf(wire, 12);
        for (byte[] bad : new byte[][] {truncated, compressed, twoZones, header}) {
            byte[] reply = WireRefusal.refused(bad);
            assertThat(reply).hasSize(12);
            Message parsed = new Message(reply);
            assertThat(parsed.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(parsed.getHeader().getID())
                    .isEqualTo(new Message(wire).getHeader().getID());
            assertThat(parsed.getSection(Section.ZONE)).isEmpty();
        }
    }
}
