package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/configuration.md shows files and an error report; they must stay what the loader really does. */
class DocsExamplesTest {

    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    private record Block(String language, String text) {
    }

    private static List<Block> blocks() throws IOException {
        String doc = Files.readString(RepoFiles.find("docs/configuration.md"));
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(doc);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    @Test
    void everyWholeFileInTheDocsLoadsExceptTheErrorExample() throws IOException {
        List<Block> files = blocks().stream()
                .filter(b -> b.language().equals("yaml") && b.text().matches("(?s)(services|defaults|x-[a-z]+):.*"))
                .filter(b -> !b.text().contains("Browser:"))
                .toList();

        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Block file : files) {
            assertThat(ConfigLoader.parse(file.text(), "docs example", Map.of()).services()).as(file.text()).isNotEmpty();
        }
    }

    @Test
    void theDocumentedErrorReportIsTheRealOne() throws IOException {
        List<Block> blocks = blocks();
        int example = 0;
        while (!blocks.get(example).text().contains("Browser:")) {
            example++;
        }
        String yaml = blocks.get(example).text();
        String report = blocks.get(example + 1).text().strip();

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigLoader.parse(yaml, "config/services.yml", Map.of()))
                .withMessage(report);
    }
}
