package dev.milotune.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The import rules of DESIGN.md, checked on the compiled main classes. */
class ArchitectureTest {

    static final String[] PURE = {
        "dev.milotune.space..", "dev.milotune.study..", "dev.milotune.sampling..",
        "dev.milotune.scheduling..", "dev.milotune.selection..", "dev.milotune.machine.."
    };
    static final String[] FRAMEWORKS = {
        "io.quarkus..", "jakarta..", "javax.persistence..", "org.hibernate..", "org.apache.kafka..",
        "kafka..", "io.smallrye..", "ai.djl..", "io.vertx.."
    };

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.milotune");
    }

    @Test
    void purePackagesImportNoFramework() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("space, study, sampling, scheduling, selection and machine are pure algorithm packages");
        rule.check(classes);
    }

    @Test
    void onlySelectionAndDataImportNd4j() {
        noClasses().that().resideOutsideOfPackages("dev.milotune.selection..", "dev.milotune.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .because("ND4J arrays stay inside selection and data")
                .check(classes);
    }

    @Test
    void onlyDataAndWorkerImportDjl() {
        noClasses().that().resideOutsideOfPackages("dev.milotune.data..", "dev.milotune.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .because("DJL is the training and encoding engine of data and worker only")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.milotune.(*)..").should().beFreeOfCycles().check(classes);
    }
}
