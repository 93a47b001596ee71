package io.mcpfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectImageResponse;
import org.junit.jupiter.api.Test;

/**
 * The images build without a registry and carry what later runs use to skip a rebuild (the mimic's
 * image is checked where the mimic is built: mimic {@code MimicImageIT}).
 */
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
}
