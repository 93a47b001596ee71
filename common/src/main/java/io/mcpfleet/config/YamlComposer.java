package io.mcpfleet.config;

import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Text to snakeyaml's node graph (marks kept), with every way that can fail turned into a problem
 * with a position. Nothing is constructed into Java objects here, so no YAML tag can instantiate a class.
 */
final class YamlComposer {

    /** services.yml for hundreds of services is a few hundred KB; anything far larger is a mistake or an attack. */
    static final int MAX_CHARS = 2 * 1024 * 1024;
    /** Enough for anchors shared across a fleet, far too few for a "billion laughs" alias bomb. */
    static final int MAX_COLLECTION_ALIASES = 50;
    static final int MAX_DEPTH = 50;

    private YamlComposer() {
    }

    /** The document's root node, or empty when the text is empty or broken (the problem is then recorded). */
    static Optional<Node> compose(String text, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.add(Position.FILE, "", "the file is larger than " + MAX_CHARS / (1024 * 1024)
                    + " MB; split the fleet or remove what it does not need");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        // Duplicates are found later, with both positions; snakeyaml's own check would stop at the first.
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS + 1);
        options.setAllowRecursiveKeys(false);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        Composer composer = new Composer(parser, new Resolver(), options);
        try {
            Node root = composer.getSingleNode();
            if (root == null) {
                problems.add(Position.FILE, "", "the file is empty; it must declare at least one service under `services:`");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            problems.add(Position.of(e.getProblemMark()), "", syntaxMessage(e));
        } catch (ReaderException e) {
            problems.add(Position.ofOffset(text, e.getPosition()), "",
                    String.format("the file contains the control character U+%04X, which YAML does not allow", e.getCodePoint()));
        } catch (YAMLException e) {
            problems.add(positionAfterFailure(parser), "", limitMessage(e));
        }
        return Optional.empty();
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if ("expected a single document in the stream".equals(e.getContext())) {
            return "YAML syntax: the file holds more than one document (a second `---`); services.yml is one document";
        }
        if (problem.contains("\\t(TAB)")) {
            return "YAML syntax: a tab character; YAML indentation must use spaces";
        }
        if (problem.startsWith("expected <block end>")) {
            return "YAML syntax: this line's indentation does not match the lines above it (" + problem + ")";
        }
        String context = e.getContext() == null ? "" : e.getContext();
        if (e.getContextMark() != null && e.getProblemMark() != null
                && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
            context += " that starts at line " + (e.getContextMark().getLine() + 1);
        }
        return "YAML syntax: " + (context.isEmpty() ? "" : context + ": ") + problem;
    }

    /** snakeyaml reports its alias and depth limits without a mark. */
    private static String limitMessage(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Number of aliases")) {
            return "more than " + MAX_COLLECTION_ALIASES + " aliases (*name) of lists or mappings;"
                    + " services.yml refuses more to guard against alias bombs";
        }
        if (message.startsWith("Nesting Depth")) {
            return "lists and mappings nested deeper than " + MAX_DEPTH + " levels";
        }
        return "cannot read YAML: " + message;
    }

    /** Where the parser stopped: the event after the one that broke a limit, which is close enough to find it. */
    private static Position positionAfterFailure(ParserImpl parser) {
        try {
            return Position.of(parser.peekEvent().getStartMark());
        } catch (RuntimeException unreadable) {
            return Position.START;
        }
    }
}
