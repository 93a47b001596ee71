package io.mcpfleet.router.catalog;

/**
 * One resource template of a service, with its RFC 6570 matcher.
 *
 * @param template the template as the server wrote it
 * @param service  the service that owns it
 * @param matcher  decides whether a URI is one of the template's
 * @param json     the ResourceTemplate object as listed, UTF-8
 */
public record TemplateEntry(String template, String service, UriTemplate matcher, byte[] json) {
}
