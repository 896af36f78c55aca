package org.acmedelegate.http;

import java.util.Objects;
import org.acmedelegate.service.TsigKeys;

/** What the HTTP listeners need to hand out TSIG keys: the keys themselves and how to present a new one. */
public record TsigHandout(TsigKeys keys, TsigKeyTexts texts) {
    public TsigHandout {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(texts, "texts");
    }
}
