package io.mcpfleet.manager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps DESIGN.md's layering: only the runtime adapter knows Docker; the core knows no Spring web;
 * the feature packages depend on each other in one direction only.
 */
class ArchitectureTest {

    private static final JavaClasses MANAGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mcpfleet.manager");

    @Test
    void onlyTheRuntimePackageTalksToDockerJava() {
        noClasses().that().resideOutsideOfPackage("io.mcpfleet.manager.runtime..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("the lifecycle talks to the ContainerRuntime port; docker-java stays an adapter detail")
                .check(MANAGER);
    }

    @Test
    void theLifecycleDependsOnNeitherTheWebNorTheAdapters() {
        noClasses().that().resideInAPackage("io.mcpfleet.manager.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "io.mcpfleet.manager.runtime..", "io.mcpfleet.manager.api..", "io.mcpfleet.manager.health..")
                .because("the lifecycle is plain Java driven through its ports, testable without Spring or Docker")
                .check(MANAGER);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.mcpfleet.manager.(*)..")
                .should().beFreeOfCycles()
                .because("a package is a feature a newcomer can read on its own; a cycle makes two features one")
                .check(MANAGER);
    }
}
