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
    private final ChallengeIndex index = new ChallengeIndex(ZONE, Clock.systemUTC(), Duration.ofHours(1));
    private final OwnChallengeLookup lookup = new OwnChallengeLookup(index, ZONE);

    @Test
    void answersNothingNewUntilTheReservedRegistrationExists() {
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.auth.example.test."))).isNull();
        assertThat(lookup.txtValues("_acme-challenge", ZONE)).isNull();
    }

    @Test
    void answersTheOwnChallengeValuesAtTheChallengeNameOfEveryNameInTheZone() {
        index.replace(OwnChallengeLookup.SUBDOMAIN, List.of(new TxtEntry(new TxtValue(VALUE), 1, Instant.now())));
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.auth.example.test."))).containsExactly(VALUE);
        assertThat(lookup.txtValues(Name.fromConstantString("_ACME-challenge.api.auth.example.test."))).containsExactly(VALUE);
        assertThat(lookup.txtValues("_acme-challenge", ZONE)).containsExactly(VALUE);
        assertThat(lookup.txtValues(Name.fromConstantString("_acme-challenge.example.test."))).isNull();
    }

    @Test
    void leavesEveryOtherNameToTheIndex() {
        index.replace(new Subdomain("abc"), List.of(new TxtEntry(new TxtValue(VALUE), 1, Instant.now())));
        assertThat(lookup.txtValues(Name.fromConstantString("abc.auth.example.test."))).containsExactly(VALUE);
        assertThat(lookup.txtValues("abc", ZONE)).containsExactly(VALUE);
        assertThat(lookup.txtValues(Name.fromConstantString("other.auth.example.test."))).isNull();
    }
}
