package rankbench.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of {@link ArchitectureTest} only mean something if every package they constrain has
 * classes, and if a violation is caught: this test checks both (ArchUnit also fails a rule whose "that"
 * selects nothing, see archunit.properties).
 */
class ArchitectureRulesAreNotVacuousTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("rankbench");

    @Test
    void everyConstrainedPackageHasClasses() {
        for (String p : List.of(
                "rankbench.experiment.data",
                "rankbench.experiment.model",
                "rankbench.experiment.lowrank",
                "rankbench.experiment.training",
                "rankbench.experiment.methods",
                "rankbench.experiment.session",
                "rankbench.experiment.cli",
                "rankbench.viewmodel",
                "rankbench.charts",
                "rankbench.app")) {
            long n = MAIN.stream()
                    .filter(c ->
                            c.getPackageName().equals(p) || c.getPackageName().startsWith(p + "."))
                    .count();
            assertTrue(n >= 3, p + " has only " + n + " classes: a rule about it would hold vacuously");
        }
    }

    @Test
    void aLayeringRuleCatchesAClassThatBreaksIt() throws Exception {
        JavaClasses bad = new ClassFileImporter()
                .importClasses(Class.forName("rankbench.experiment.lowrank.ForbiddenDependencyFixture"));
        assertTrue(ArchitectureTest.lowRankKnowsNoTrainingLoop.evaluate(bad).hasViolation());
        assertTrue(ArchitectureTest.noCyclesInExperiment
                .evaluate(MAIN)
                .getFailureReport()
                .isEmpty());
    }
}
