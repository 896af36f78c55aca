package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.store.TxtEntry;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class OwnChallengeLookupTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.test.");
    private static final String VALUE = "a".repeat(TxtValue.LENGTH);
    private final ChallengeIndex index = new ChallengeIndex(ZONE, Clock.systemUTC(), Duration.ofHours(1), 16);
    private final OwnChallengeLookup lookup = new OwnChallengeLookup(index, ZONE);

    @Test
    void answersNothingNewUntilTheReservedRegistrationExists() {
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.auth.example.test.")))
                .isNull();
        assertThat(packed("_acme-challenge")).isNull();
    }

    @Test
    void answersTheOwnChallengeValuesAtTheChallengeNameOfEveryNameInTheZone() {
        index.replace(Subdomain.API_CERTIFICATE, List.of(new TxtEntry(new TxtValue(VALUE), 1, Instant.now())));
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.auth.example.test.")))
                .containsExactly(VALUE);
        assertThat(lookup.txtValues(Name.fromConstantString("_ACME-challenge.api.auth.example.test.")))
                .containsExactly(VALUE);
        assertThat(packed("_ACME-Challenge"))
                .isEqualTo(index.packedValues(
                        bytes("acme-delegate-api-certificate"), 0, "acme-delegate-api-certificate".length(), ZONE))
                .isNotNull();
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.example.test.")))
                .isNull();
    }

    @Test
    void leavesEveryOtherNameToTheIndex() {
        index.replace(new Subdomain("abc"), List.of(new TxtEntry(new TxtValue(VALUE), 1, Instant.now())));
        assertThat(lookup.txtValues(Name.fromConstantString("abc.auth.example.test.")))
                .containsExactly(VALUE);
        assertThat(packed("abc"))
                .isEqualTo(index.packedValues(bytes("abc"), 0, 3, ZONE))
                .isNotNull();
        assertThat(lookup.txtValues(Name.fromConstantString("other.auth.example.test.")))
                .isNull();
    }

    private byte[] packed(String label) {
        byte[] wire = bytes("x" + label);
        return lookup.packedValues(wire, 1, label.length(), ZONE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
