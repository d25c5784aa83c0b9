package rankbench.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of docs/ARCHITECTURE.md, enforced. */
@AnalyzeClasses(packages = "rankbench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule experimentKnowsNoJavaFx = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("javafx..")
            .because("the domain runs on worker threads and in the CLI; it must never touch an observable or a node");

    @ArchTest
    static final ArchRule experimentKnowsNoUi = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "rankbench.viewmodel..", "rankbench.charts..", "rankbench.app..", "org.controlsfx..", "org.jfree..")
            .because("dependencies point from the UI to the domain, never back");

    @ArchTest
    static final ArchRule nothingImportsApp = noClasses()
            .that()
            .resideOutsideOfPackage("rankbench.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("rankbench.app..")
            .because("app is the composition root");

    @ArchTest
    static final ArchRule viewModelKnowsNoSceneGraph = noClasses()
            .that()
            .resideInAPackage("rankbench.viewmodel..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "javafx.scene..",
                    "javafx.stage..",
                    "javafx.concurrent..",
                    "javafx.application..",
                    "org.controlsfx..",
                    "org.jfree..",
                    "rankbench.charts..")
            .because("view models are tested without the toolkit and hold only observable state");

    @ArchTest
    static final ArchRule chartsKnowNoDomain = noClasses()
            .that()
            .resideInAPackage("rankbench.charts..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("rankbench.experiment..")
            .because("charts draw view-model state only");

    @ArchTest
    static final ArchRule modelAndDataAreLeaves = noClasses()
            .that()
            .resideInAnyPackage("rankbench.experiment.model..", "rankbench.experiment.data..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "rankbench.experiment.training..",
                    "rankbench.experiment.lowrank..",
                    "rankbench.experiment.methods..",
                    "rankbench.experiment.session..",
                    "rankbench.experiment.cli..")
            .because("model and data are the foundation everything else builds on");

    @ArchTest
    static final ArchRule modelDoesNotNeedData = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment.model..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("rankbench.experiment.data..")
            .because("a model file is independent of where training data came from");

    @ArchTest
    static final ArchRule lowRankKnowsNoTrainingLoop = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment.lowrank..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "rankbench.experiment.training..",
                    "rankbench.experiment.methods..",
                    "rankbench.experiment.cli..",
                    "rankbench.experiment.session..")
            .because("low-rank maths is usable without training");

    @ArchTest
    static final ArchRule trainingKnowsNoMethod = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment.training..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "rankbench.experiment.methods..",
                    "rankbench.experiment.lowrank..",
                    "rankbench.experiment.cli..",
                    "rankbench.experiment.session..")
            .because("methods plug into training through hooks");

    @ArchTest
    static final ArchRule sessionKnowsNoMethodOrCli = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment.session..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "rankbench.experiment.methods..", "rankbench.experiment.cli..", "rankbench.experiment.data..")
            .because("a session file is plain data about runs; methods and the CLI write runs into it, "
                    + "never the other way round");

    @ArchTest
    static final ArchRule onlyTheCliKnowsTheCli = noClasses()
            .that()
            .resideOutsideOfPackages("rankbench.experiment.cli..", "rankbench.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("rankbench.experiment.cli..")
            .because("the CLI is a front end of the engine, like the window, not a library of it (the launcher in app "
                    + "dispatches to one or the other)");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("rankbench.(*)..").should().beFreeOfCycles().because("layers depend one way");

    @ArchTest
    static final ArchRule noCyclesInExperiment = slices().matching("rankbench.experiment.(*)..")
            .should()
            .beFreeOfCycles()
            .because("experiment sub-packages depend one way");

    @ArchTest
    static final ArchRule noStandardStreamsInDomainExceptCli = noClasses()
            .that()
            .resideInAPackage("rankbench.experiment..")
            .and()
            .resideOutsideOfPackage("rankbench.experiment.cli..")
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("the domain logs through SLF4J; only the CLI prints");
}
