package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImagePullTest {

    @Test
    void imageWithoutTagIsPulledAsLatestNotAsEveryTag() {
        assertThat(ImagePull.repositoryAndTag("busybox")).containsExactly("busybox", "latest");
        assertThat(ImagePull.repositoryAndTag("localhost:5000/team/app"))
                .containsExactly("localhost:5000/team/app", "latest");
        assertThat(ImagePull.repositoryAndTag("localhost:5000/team/app:1.2"))
                .containsExactly("localhost:5000/team/app", "1.2");
        assertThat(ImagePull.repositoryAndTag("app@sha256:abc")).containsExactly("app@sha256:abc", null);
    }
}
