package io.mcpfleet.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the router's shape: feature packages without cycles, and no knowledge of the manager's insides. */
class ArchitectureTest {

    private static final JavaClasses ROUTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mcpfleet.router");

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.mcpfleet.router.(*)..").should().beFreeOfCycles()
                .because("a package that both serves and uses another cannot be understood or changed alone "
                        + "(config once held the properties everyone imports and the wiring that imports everyone)")
                .check(ROUTER);
    }

    @Test
    void noFeatureDependsOnTheApplicationsRootPackage() {
        noClasses().that().resideInAPackage("io.mcpfleet.router.*..")
                .should().dependOnClassesThat().resideInAPackage("io.mcpfleet.router")
                .because("the root package wires the features; a feature that imported it would close a cycle")
                .check(ROUTER);
    }

    @Test
    void theRouterKnowsTheManagerOnlyThroughItsApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.mcpfleet.manager..", "com.github.dockerjava..")
                .because("the router talks to the manager over HTTP (common's io.mcpfleet.api DTOs) and never to Docker")
                .check(ROUTER);
    }
}
