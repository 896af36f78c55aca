package org.acmedelegate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RowPipeTest {

    @Test
    void deliversEveryRowInOrderOnTheBuilderThreadAcrossManyBatches() {
        List<String> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        try (RowPipe pipe = new RowPipe(
                (s, v, seq, at) -> {
                    seen.add(s + ":" + (v == null ? "-" : v.length) + ":" + seq + ":" + at);
                    threads.add(Thread.currentThread().getName());
                },
                "test-builder")) {
            for (int i = 0; i < 10_000; i++) {
                pipe.row("s" + i, i % 3 == 0 ? null : new byte[i % 7], i, -i);
            }
        }
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.get(i)).isEqualTo("s" + i + ":" + (i % 3 == 0 ? "-" : i % 7) + ":" + i + ":" + -i);
        }
        assertThat(threads).containsOnly("test-builder");
    }

    @Test
    void closesCleanlyWithoutRows() {
        List<String> seen = new ArrayList<>();
        new RowPipe((s, v, seq, at) -> seen.add(s), "test-builder").close();
        assertThat(seen).isEmpty();
    }

    @Test
    @Timeout(10)
    void aFailingBuilderNeitherBlocksTheReaderNorGetsLost() {
        RowPipe pipe = new RowPipe(
                (s, v, seq, at) -> {
                    throw new StoreException("bad row " + s);
                },
                "test-builder");
        for (int i = 0; i < 50_000; i++) {
            pipe.row("s" + i, null, 0, 0);
        }
        assertThatThrownBy(pipe::close).isInstanceOf(StoreException.class).hasMessage("bad row s0");
    }
}
