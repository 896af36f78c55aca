package org.acmedelegate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountValuesTest {

    @Test
    void txtValueAcceptsExactly43Base64UrlCharacters() {
        assertThat(new TxtValue("3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU").value())
                .hasSize(43);
        for (String bad : new String[] {
            null,
            "",
            "a".repeat(42),
            "a".repeat(44),
            "a".repeat(42) + "=",
            "a".repeat(42) + "+",
            "a".repeat(42) + "/",
            "a".repeat(42) + " "
        }) {
            assertThatThrownBy(() -> new TxtValue(bad))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.BAD_TXT));
        }
    }

    @Test
    void subdomainIsOneLowerCasedDnsLabel() {
        assertThat(new Subdomain("9DA3051F-9313-429b-9779-efb99dc5be0b").value())
                .isEqualTo("9da3051f-9313-429b-9779-efb99dc5be0b");
        for (String bad : new String[] {null, "", "a.b", "-a", "a-", "a".repeat(64), "a_b", "ä"}) {
            assertThatThrownBy(() -> new Subdomain(bad))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.BAD_SUBDOMAIN));
        }
    }

    @Test
    void cidrClearsHostBitsAndMatchesOnlyItsOwnFamily() throws Exception {
        Cidr net = Cidr.parse("192.0.2.7/24");
        assertThat(net.toString()).isEqualTo("192.0.2.0/24");
        assertThat(net.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(net.contains(InetAddress.getByName("::ffff:192.0.2.1"))).isTrue(); // Java maps it to IPv4
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertThat(v6.contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(Cidr.parse("[::1]/128").contains(InetAddress.getByName("::1")))
                .isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")))
                .isTrue();
    }

    @Test
    void cidrWritesIpv6InItsShortestForm() {
        assertThat(Cidr.parse("2001:0DB8:0:0:0:0:0:0/32").toString()).isEqualTo("2001:db8::/32");
        assertThat(Cidr.parse("::1/128").toString()).isEqualTo("::1/128");
        assertThat(Cidr.parse("::/0").toString()).isEqualTo("::/0");
        assertThat(Cidr.parse("2001:db8:0:1:0:0:0:1/128").toString()).isEqualTo("2001:db8:0:1::1/128");
        assertThat(Cidr.parse("2001:db8:0:0:1:0:0:1/128").toString()).isEqualTo("2001:db8::1:0:0:1/128");
        assertThat(Cidr.parse("2001:db8:1:1:1:1:0:1/128").toString()).isEqualTo("2001:db8:1:1:1:1:0:1/128");
    }

    @Test
    void cidrRejectsAnythingButAnAddressLiteralWithAPrefix() {
        for (String bad : new String[] {
            "192.0.2.0",
            "192.0.2.0/33",
            "::/129",
            "example.com/24",
            "192.0.2/24",
            "256.0.0.0/8",
            "1.2.3.4/24/1",
            "/24",
            "1.2.3.4/-1",
            "fe80::1%eth0/64"
        }) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void allowFromPermitsEveryoneWhenEmptyAndOnlyListedNetworksOtherwise() throws Exception {
        assertThat(AllowFrom.ANY.permits(InetAddress.getByName("203.0.113.1"))).isTrue();
        AllowFrom list = AllowFrom.parse(List.of("127.0.0.0/8", "192.0.2.0/24"));
        assertThat(list.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(list.permits(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThatThrownBy(() -> AllowFrom.parse(List.of("127.0.0.0/8", "nonsense")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.INVALID_ALLOWFROM_CIDR));
    }

    @Test
    void generatedCredentialsHaveTheAcmeDnsShape() {
        CredentialGenerator generator = new CredentialGenerator(new java.security.SecureRandom());
        NewCredentials a = generator.generate();
        NewCredentials b = generator.generate();
        assertThat(a.password()).matches("[A-Za-z0-9_-]{40}");
        assertThat(a.username().toString()).isNotEqualTo(a.subdomain().value());
        assertThat(a.subdomain().value())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(a.username().version()).isEqualTo(4);
        assertThat(a.password()).isNotEqualTo(b.password());
        assertThat(a.toString()).doesNotContain(a.password());
    }

    @Test
    void keyHasherChecksItsOwnHashesAndThoseAcmeDnsWrote() {
        KeyHasher hasher = new KeyHasher(4);
        String hash = hasher.hash("secret-key");
        assertThat(hash).startsWith("$2a$04$");
        assertThat(hasher.matches("secret-key", hash)).isTrue();
        assertThat(hasher.matches("secret-kez", hash)).isFalse();
        assertThat(hasher.matches("secret-key", "not a hash")).isFalse();
        // From shared/fixtures/acme-dns-v1.1 (test credentials of a real acme-dns v1.1 run).
        String acmeDnsHash = "$2a$10$Vwz9H0tIO8ioewqWkzwgnerOGTRE8H9x7m0KcXRHM.NLT5lmZJ5US";
        assertThat(hasher.matches("uazRqk6XT36tt67E2-1SxUVCks9N2w1DkbqhaBB6", acmeDnsHash))
                .isTrue();
        assertThat(hasher.matches("uazRqk6XT36tt67E2-1SxUVCks9N2w1DkbqhaBB7", acmeDnsHash))
                .isFalse();
    }
}
