package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    private static JsonBody parse(String text) {
        return JsonBody.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(Runnable action) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n\t", "null", " null ", "{}"})
    void treatsEmptyBlankAndNullBodiesAsAnEmptyObject(String text) {
        JsonBody body = parse(text);

        assertThat(body.string("txt")).isEmpty();
        assertThat(body.strings("allowfrom")).isEmpty();
    }

    @Test
    void treatsAMissingBodyAsAnEmptyObject() {
        assertThat(JsonBody.parse(null).string("subdomain")).isEmpty();
    }

    @Test
    void matchesKeysWhateverTheirCase() {
        JsonBody body = parse("{\"SubDomain\":\"abc\",\"TXT\":\"value\",\"AllowFrom\":[\"192.0.2.0/24\"]}");

        assertThat(body.string("subdomain")).hasValue("abc");
        assertThat(body.string("txt")).hasValue("value");
        assertThat(body.strings("allowfrom")).hasValue(List.of("192.0.2.0/24"));
    }

    @Test
    void ignoresUnknownKeysOfAnyType() {
        JsonBody body = parse("{\"extra\":{\"nested\":[1,true,null]},\"txt\":\"v\",\"n\":1.5}");

        assertThat(body.string("txt")).hasValue("v");
    }

    @Test
    void letsTheLastOfKeysDifferingOnlyInCaseWin() {
        assertThat(parse("{\"txt\":\"a\",\"Txt\":\"b\"}").string("txt")).hasValue("b");
        assertThat(parse("{\"txt\":\"a\",\"Txt\":\"b\",\"txt\":\"c\"}").string("TXT"))
                .hasValue("c");
    }

    @Test
    void treatsAnExplicitNullValueAsAbsent() {
        JsonBody body = parse("{\"txt\":null,\"allowfrom\":null}");

        assertThat(body.string("txt")).isEmpty();
        assertThat(body.strings("allowfrom")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"txt\":1}", "{\"txt\":true}", "{\"txt\":[\"a\"]}", "{\"txt\":{}}"})
    void refusesANonStringWhereAStringBelongs(String text) {
        JsonBody body = parse(text);

        assertMalformed(() -> body.string("txt"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"allowfrom\":\"192.0.2.0/24\"}",
                "{\"allowfrom\":[1]}",
                "{\"allowfrom\":[null]}",
                "{\"allowfrom\":[[\"192.0.2.0/24\"]]}",
                "{\"allowfrom\":{}}"
            })
    void refusesAnythingButAnArrayOfStringsWhereAllowfromBelongs(String text) {
        JsonBody body = parse(text);

        assertMalformed(() -> body.strings("allowfrom"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "[{}]",
                "1",
                "\"txt\"",
                "true",
                "{",
                "{\"txt\":}",
                "{'txt':'a'}",
                "{txt:\"a\"}",
                "{\"txt\":\"a\"} {}",
                "{\"txt\":\"a\"}x",
                "{\"txt\":\"a\",}",
                "txt=abc&subdomain=x"
            })
    void refusesBodiesThatAreNotOneJsonObject(String text) {
        assertMalformed(() -> parse(text));
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"txt\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertMalformed(() -> JsonBody.parse(latin1));
    }

    @Test
    void readsUnicodeEscapesAndWhitespaceAsJsonDoes() {
        JsonBody body = parse("{ \"subdomain\" : \"ab\\u0063\" ,\n \"txt\" : \"v\" }\n");

        assertThat(body.string("subdomain")).hasValue("abc");
    }
}
