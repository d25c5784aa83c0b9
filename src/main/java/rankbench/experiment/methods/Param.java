package rankbench.experiment.methods;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one hyperparameter of a method's bean: put it on the property's getter. Read by
 * {@link ParamInfo#of(Class)} for the command line's {@code --list-params} and the window's property sheet.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Param {

    /** One or two sentences: what the knob does, its default and where the default comes from. */
    String description();

    /** The unit or kind of value ({@code "epochs"}, {@code "fraction of the run"}, {@code "batches"}, ...); "" if none. */
    String unit() default "";

    /** The property-sheet category ({@code "Schedule"}, {@code "Ranks"}, ...). */
    String category() default "Method";
}
