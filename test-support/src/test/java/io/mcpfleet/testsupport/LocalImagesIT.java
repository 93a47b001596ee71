package io.mcpfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectImageResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The images build without a registry and carry what later runs use to skip a rebuild. */
class LocalImagesIT {

    @Test
    void busyboxImageIsBuiltOnceWithItsRecipe() {
        String tag = TestImages.busybox();
        InspectImageResponse image = DockerTestSupport.client().inspectImageCmd(tag).exec();

        assertThat(image.getConfig().getLabels())
                .containsEntry(TestLabels.IMAGE, "true")
                .containsKey(ImageBuild.RECIPE_LABEL);
        assertThat(image.getConfig().getExposedPorts()).extracting(port -> port.getPort()).containsExactly(8000);
    }

    @Test
    void mimicImageHoldsTheCurrentMimicJarOnTheJreImage() {
        if (!Files.isRegularFile(TestPaths.mimicJar())) {
            // only when test-support is built alone; in the reactor the mimic module is packaged first
            return;
        }
        String jre = TestImages.jre();
        String tag = TestImages.mimic();
        InspectImageResponse image = DockerTestSupport.client().inspectImageCmd(tag).exec();

        assertThat(DockerTestSupport.imageExists(jre)).isTrue();
        assertThat(image.getConfig().getCmd()).contains("/app/mimic.jar");
        assertThat(image.getConfig().getLabels()).containsKey(ImageBuild.RECIPE_LABEL);
    }
}
