package org.acmedelegate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void domainKeyStripsWildcardChallengeLabelTrailingDotAndCase() {
        assertThat(DomainKey.of("Example.COM").value()).isEqualTo("example.com");
        assertThat(DomainKey.of("*.example.com").value()).isEqualTo("example.com");
        assertThat(DomainKey.of("_acme-challenge.example.com.").value()).isEqualTo("example.com");
        assertThat(DomainKey.of("_ACME-CHALLENGE.Sub.Example.com").value()).isEqualTo("sub.example.com");
        assertThat(DomainKey.of(" example.com. ").value()).isEqualTo("example.com");
    }

    @Test
    void domainKeyGivesTheAbsoluteChallengeName() {
        assertThat(DomainKey.of("*.example.com").challengeName()).isEqualTo("_acme-challenge.example.com.");
    }

    @Test
    void domainKeyRejectsWhatIsNoDomainName() {
        for (String bad : List.of("", ".", "*.", "exa mple.com", "example..com", "-example.com", "a/b")) {
            assertThatThrownBy(() -> DomainKey.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void txtValueAcceptsOnly43Base64UrlCharacters() {
        assertThat(new TxtValue("-" + "a".repeat(41) + "_").value()).hasSize(43);
        assertThatThrownBy(() -> new TxtValue("a".repeat(42))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TxtValue("a".repeat(42) + "=")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TxtValue(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void txtValueOfKeyAuthorizationIsUnpaddedBase64UrlOfSha256() {
        // expected value computed independently with Python's hashlib and base64.urlsafe_b64encode
        String keyAuth = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
        assertThat(TxtValue.ofKeyAuthorization(keyAuth).value())
                .isEqualTo("lCM7cZyQXcVHK2nnW3jjAhNT3Fvm18UN-kWZZknKoYM");
    }

    @Test
    void dnsServerParsesHostPortForms() {
        assertThat(NameserverAddress.parse("127.0.0.1:5300")).isEqualTo(new NameserverAddress("127.0.0.1", 5300));
        assertThat(NameserverAddress.parse("ns1.example.org")).isEqualTo(new NameserverAddress("ns1.example.org", 53));
        assertThat(NameserverAddress.parse("[::1]:5300")).isEqualTo(new NameserverAddress("::1", 5300));
        assertThat(NameserverAddress.parse("[::1]")).isEqualTo(new NameserverAddress("::1", 53));
        assertThat(NameserverAddress.parse("2001:db8::1")).isEqualTo(new NameserverAddress("2001:db8::1", 53));
        assertThat(new NameserverAddress("::1", 5300)).hasToString("[::1]:5300");
        assertThatThrownBy(() -> NameserverAddress.parse("host:port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NameserverAddress.parse("host:70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NameserverAddress.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accountToStringHidesThePassword() {
        Account a = new Account("user", "secret-password", "x.auth.example.org.", "x", null, "https://a");
        assertThat(a.toString()).doesNotContain("secret-password").doesNotContain("user");
        assertThat(a.fullDomain()).isEqualTo("x.auth.example.org");
        assertThat(a.allowFrom()).isEmpty();
    }
}
