package io.mcpfleet.mimic;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectImageResponse;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import org.junit.jupiter.api.Test;

/** The test image of the mimic is built, without a registry, from the mimic-exec.jar packaged just before. */
class MimicImageIT {

    @Test
    void mimicImageHoldsTheCurrentMimicJarOnTheJreImage() {
        String jre = TestImages.jre();
        String tag = TestImages.mimic();
        InspectImageResponse image = DockerTestSupport.client().inspectImageCmd(tag).exec();

        assertThat(DockerTestSupport.imageExists(jre)).isTrue();
        assertThat(image.getConfig().getCmd()).contains("/app/mimic.jar");
        // the recipe label lets the next run skip the build when nothing changed
        assertThat(image.getConfig().getLabels()).containsEntry(TestLabels.IMAGE, "true")
                .containsKey("io.mcpfleet.test.recipe");
    }
}
