package io.mcpfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JvmTest {

    private final Path archive = Path.of("/opt/app/app.jsa");

    @Test
    void java24AndLaterRecordAnAotCacheEarlierOnesACdsArchive() {
        assertThat(new Jvm("/jdk17/bin/java", 17).recordFlag(archive)).isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(new Jvm("/jdk21/bin/java", 21).recordFlag(archive)).isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(new Jvm("/jdk25/bin/java", 25).recordFlag(archive)).isEqualTo("-XX:AOTCacheOutput=" + archive);
    }

    @Test
    void theCheckRefusesToStartWithoutTheArchive() {
        assertThat(new Jvm("/jdk17/bin/java", 17).strictUseFlags(archive))
                .containsExactly("-Xshare:on", "-XX:SharedArchiveFile=" + archive);
        assertThat(new Jvm("/jdk25/bin/java", 25).strictUseFlags(archive))
                .containsExactly("-XX:AOTMode=on", "-XX:AOTCache=" + archive);
    }

    @Test
    void theRunningJvmSaysItsReleaseAndItsRealPath() {
        String java = ProcessHandle.current().info().command().orElseThrow();

        Jvm jvm = Jvm.of(java);

        assertThat(jvm.feature()).isEqualTo(Runtime.version().feature());
        assertThat(Path.of(jvm.java())).isAbsolute().endsWith(Path.of("bin", "java"));
    }
}
