package rankbench.app;

import javafx.util.StringConverter;
import rankbench.experiment.lowrank.Scheme;

/** Shows a factorization scheme by its identifier ({@code tucker2}), as the command line spells it. */
final class SchemeConverter extends StringConverter<Scheme> {

    @Override
    public String toString(Scheme s) {
        return s == null ? "" : s.id();
    }

    @Override
    public Scheme fromString(String s) {
        return Scheme.fromId(s);
    }
}
