package io.mcpfleet.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} (text format), for asserting on samples by name and
 * label values.
 *
 * <pre>{@code
 * Prometheus router = fleet.routerMetrics();
 * assertThat(router.sum("fleet_router_calls_total", Map.of("service", "svc", "outcome", "ok"))).isPositive();
 * }</pre>
 */
public final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One line of the exposition: a metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        boolean matches(String metric, Map<String, String> wanted) {
            return name.equals(metric) && wanted.entrySet().stream()
                    .allMatch(w -> w.getValue().equals(labels.get(w.getKey())));
        }
    }

    private final List<Sample> samples;
    private final String text;

    private Prometheus(List<Sample> samples, String text) {
        this.samples = samples;
        this.text = text;
    }

    /** Scrapes {@code baseUrl + /actuator/prometheus}. */
    public static Prometheus scrape(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + request.uri(), e);
        }
    }

    static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new Prometheus(samples, text);
    }

    /** The samples of {@code metric} whose labels include every one of {@code labels}. */
    public List<Sample> samples(String metric, Map<String, String> labels) {
        return samples.stream().filter(s -> s.matches(metric, labels)).toList();
    }

    /** The sum of those samples' values (0 when there is none). */
    public double sum(String metric, Map<String, String> labels) {
        return samples(metric, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The names of every sample (a histogram's {@code _bucket}, {@code _count} and {@code _sum} each). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The scrape as it came, for assertion messages. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return samples.size() + " samples";
    }
}
