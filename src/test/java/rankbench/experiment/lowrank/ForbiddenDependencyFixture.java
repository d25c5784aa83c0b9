package rankbench.experiment.lowrank;

import rankbench.experiment.training.TrainingLoop;

/** A test-only class that breaks the layering on purpose (lowrank → training), for ArchitectureRulesAreNotVacuousTest. */
final class ForbiddenDependencyFixture {

    private ForbiddenDependencyFixture() {}

    static Class<?> loop() {
        return TrainingLoop.class;
    }
}
