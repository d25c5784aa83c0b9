package rankbench.charts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.junit.jupiter.api.Test;
import rankbench.viewmodel.ParetoAxis;

/** Every log axis of the window is a {@link RoundLogAxis} (ticks at 1, 2, 5 × 10ⁿ). */
class LogAxisRuleTest {

    @Test
    void noChartBuildsAPlainLogAxis() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("rankbench");
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(RoundLogAxis.class.getName())
                .should()
                .callConstructor(LogAxis.class)
                .orShould()
                .callConstructor(LogAxis.class, String.class)
                .orShould()
                .callConstructor(LogarithmicAxis.class, String.class)
                .because("log axes tick at round values (RoundLogAxis), not at JFreeChart's odd defaults")
                .check(classes);
    }

    @Test
    void theLogAxesOfTheParetoChartAndTheSpectraAreRound() {
        RunParetoChart pareto = new RunParetoChart(
                FXCollections.observableArrayList(),
                new SimpleStringProperty("MACs per image"),
                new SimpleObjectProperty<>(ParetoAxis.MACS));
        assertInstanceOf(RoundLogAxis.class, pareto.chart().getXYPlot().getDomainAxis());
        SpectraOverlayChart spectra = new SpectraOverlayChart(FXCollections.observableArrayList());
        assertInstanceOf(RoundLogAxis.class, spectra.chart().getXYPlot().getRangeAxis());
        assertInstanceOf(RoundLogAxis.class, ChartStyle.logAxis("singular value"));
    }
}
