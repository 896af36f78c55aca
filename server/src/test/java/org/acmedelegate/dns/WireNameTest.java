package org.acmedelegate.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireNameTest {
    // "ab.c." at offset 1, behind one byte that is not part of the name.
    private static final byte[] LABELS = {9, 2, 'a', 'b', 1, 'c', 0, 7};

    @Test
    void aNameOfLabelsEndsAfterItsZeroByte() {
        assertThat(WireName.end(LABELS, 1)).isEqualTo(7);
        assertThat(WireName.endUncompressed(LABELS, 1)).isEqualTo(7);
    }

    @Test
    void theRootNameIsOneByte() {
        assertThat(WireName.end(new byte[] {0}, 0)).isEqualTo(1);
    }

    @Test
    void aCompressionPointerEndsTheNameUnlessTheNameMustBeWhole() {
        byte[] pointer = {1, 'x', (byte) 0xC0, 12, 5};
        assertThat(WireName.end(pointer, 0)).isEqualTo(4);
        assertThat(WireName.endUncompressed(pointer, 0)).isEqualTo(-1);
    }

    @Test
    void aNameRunningPastTheEndIsNoName() {
        assertThat(WireName.end(new byte[] {3, 'a', 'b', 'c'}, 0)).isEqualTo(-1);
        assertThat(WireName.end(new byte[] {5, 'a'}, 0)).isEqualTo(-1);
        assertThat(WireName.end(new byte[] {(byte) 0xC0}, 0)).isEqualTo(-1);
        assertThat(WireName.end(LABELS, LABELS.length)).isEqualTo(-1);
    }

    @Test
    void theReservedLabelTypesAreNoName() {
        assertThat(WireName.end(new byte[] {0x40, 0}, 0)).isEqualTo(-1);
        assertThat(WireName.end(new byte[] {(byte) 0x80, 0}, 0)).isEqualTo(-1);
    }
}
