package io.mcpfleet.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** "Did you mean": the known word closest to a misspelt one, if any is close enough to be a likely typo. */
final class Suggestions {

    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private Suggestions() {
    }

    static Optional<String> closest(String wrong, Collection<String> known) {
        String normalWrong = normalize(wrong);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String normalCandidate = normalize(candidate);
            if (normalCandidate.equals(normalWrong)) {
                return Optional.of(candidate);
            }
            int distance = distance(normalWrong, normalCandidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        // A third of the word's length tolerates a typo or two without suggesting unrelated keys.
        int tolerance = Math.max(2, best.length() / 3);
        return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /** idleTimeout, Idle-Timeout and idle_timeout are all the same key to a human. */
    static String normalize(String word) {
        String snake = CAMEL_HUMP.matcher(word).replaceAll("$1_$2");
        return snake.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
