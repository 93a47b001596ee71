package io.mcpfleet.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds one image from a build context given as files (text, or copies of local files), with
 * docker-java, never pulling. The image carries a recipe label: the hash of its whole context, so
 * an image whose inputs did not change is not built again.
 */
final class ImageBuild {

    static final String RECIPE_LABEL = "io.mcpfleet.test.recipe";

    private final String tag;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, Path> copies = new LinkedHashMap<>();

    ImageBuild(String tag) {
        this.tag = tag;
    }

    ImageBuild text(String pathInContext, String content) {
        texts.put(pathInContext, content);
        return this;
    }

    ImageBuild copy(String pathInContext, Path file) {
        copies.put(pathInContext, file);
        return this;
    }

    /** Hash of everything that goes into the image, plus {@code extra} (e.g. the base image's id). */
    String recipe(String extra) {
        MessageDigest sha = sha256();
        sha.update(extra.getBytes(StandardCharsets.UTF_8));
        texts.forEach((path, content) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update(content.getBytes(StandardCharsets.UTF_8));
        });
        copies.forEach((path, file) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update(fileHash(file));
        });
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Builds unless an image with this tag and recipe exists; returns the tag. */
    String buildIfChanged(DockerClient docker, String recipe) {
        if (recipe.equals(labelOf(docker, tag, RECIPE_LABEL))) {
            return tag;
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("mcpfleet-image-");
            for (Map.Entry<String, String> text : texts.entrySet()) {
                Path target = context.resolve(text.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, text.getValue(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, Path> copy : copies.entrySet()) {
                Path target = context.resolve(copy.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(copy.getValue(), target);
            }
            docker.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(RECIPE_LABEL, recipe, TestLabels.IMAGE, "true"))
                    .withPull(false)
                    .withRemove(true)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(5, TimeUnit.MINUTES);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + tag, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot build " + tag + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(context);
        }
    }

    /** The image's label, or null when the image or the label is missing. */
    static String labelOf(DockerClient docker, String image, String label) {
        try {
            InspectImageResponse inspected = docker.inspectImageCmd(image).exec();
            Map<String, String> labels = inspected.getConfig() == null ? null : inspected.getConfig().getLabels();
            return labels == null ? null : labels.get(label);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * A jar by its entries (name, CRC, size): a rebuild writes new entry timestamps into an
     * otherwise identical jar, and that must not make a new image. Any other file by its bytes.
     */
    static byte[] fileHash(Path file) {
        if (file.getFileName().toString().endsWith(".jar")) {
            return jarHash(file);
        }
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return sha.digest();
    }

    static byte[] jarHash(Path jar) {
        MessageDigest sha = sha256();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream()
                    .sorted(Comparator.comparing(ZipEntry::getName))
                    .forEach(entry -> sha.update((entry.getName() + ":" + entry.getCrc() + ":" + entry.getSize() + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
