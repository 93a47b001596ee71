package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UriTemplateTest {

    @Test
    void aSimpleExpressionMatchesOneSegment() {
        UriTemplate t = UriTemplate.parse("file:///repo/{name}");

        assertThat(t.matches("file:///repo/readme.md")).isTrue();
        assertThat(t.matches("file:///repo/docs/readme.md")).isFalse();
        assertThat(t.matches("file:///other/readme.md")).isFalse();
        assertThat(t.matches(null)).isFalse();
    }

    @Test
    void reservedAndFragmentExpressionsMatchAcrossSlashes() {
        assertThat(UriTemplate.parse("file:///{+path}").matches("file:///a/b/c.txt")).isTrue();
        assertThat(UriTemplate.parse("doc://x{#section}").matches("doc://x#a/b")).isTrue();
    }

    @Test
    void pathLabelAndQueryExpressionsMatchTheirPrefixedParts() {
        assertThat(UriTemplate.parse("api://items{/id}").matches("api://items/42")).isTrue();
        assertThat(UriTemplate.parse("api://items{/id}").matches("api://items")).isTrue();
        assertThat(UriTemplate.parse("api://file{.ext}").matches("api://file/x.json")).isFalse();
        assertThat(UriTemplate.parse("api://file{.ext}").matches("api://file.json")).isTrue();
        assertThat(UriTemplate.parse("search://q{?term,page}").matches("search://q?term=a&page=2")).isTrue();
        assertThat(UriTemplate.parse("search://q{?term,page}").matches("search://q")).isTrue();
    }

    @Test
    void literalTextIsMatchedLiterallyEvenWhenItLooksLikeARegex() {
        UriTemplate t = UriTemplate.parse("weird://a.b+c/{x}");

        assertThat(t.matches("weird://a.b+c/1")).isTrue();
        assertThat(t.matches("weird://aXb+c/1")).isFalse();
    }

    @Test
    void anUnclosedExpressionIsRefusedWithWhereItIs() {
        assertThatThrownBy(() -> UriTemplate.parse("x://{open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed expression at 4");
    }
}
