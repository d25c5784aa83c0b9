package rankbench.experiment.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a model's weights were produced; stored in the model manifest so results can be reproduced.
 * Fields that do not apply are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRecord(
        String dataset,
        Integer epochs,
        Integer batchSize,
        String optimizer,
        Double learningRate,
        String schedule,
        Double weightDecay,
        Long seed,
        Double validationAccuracy,
        Double testAccuracy,
        Double wallSeconds,
        String finishedAt,
        String command) {}
