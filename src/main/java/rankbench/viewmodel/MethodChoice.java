package rankbench.viewmodel;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import rankbench.experiment.methods.Methods;
import rankbench.experiment.methods.RankLearningMethod;

/**
 * The rank-learning method of the window and its settings: the methods of the {@link Methods} registry, the
 * chosen one (the first until the user picks another), its description, its hyperparameter bean (reset to
 * the method's defaults on every pick) and why they cannot run, checked together with the run settings
 * ({@link RunSettingsViewModel}) and the method's own {@code Methods.validationMessage(bean, epochs)}, again
 * whenever the epochs or the settings' own message change. UI thread only.
 */
final class MethodChoice {

    private final RunSettingsViewModel settings;
    private final ObservableList<String> methods = FXCollections.unmodifiableObservableList(
            FXCollections.observableArrayList(Methods.all().keySet()));
    private final StringProperty selectedMethod;
    private final ReadOnlyStringWrapper description;
    private final ReadOnlyObjectWrapper<Object> parameters;
    private final ReadOnlyStringWrapper validationMessage;

    /** Creates the choice with the registry's first method ({@code bean}: the view model it belongs to). */
    MethodChoice(Object bean, RunSettingsViewModel settings) {
        this.settings = settings;
        selectedMethod = new SimpleStringProperty(bean, "selectedMethod");
        description = new ReadOnlyStringWrapper(bean, "description", "");
        parameters = new ReadOnlyObjectWrapper<>(bean, "parameters");
        validationMessage = new ReadOnlyStringWrapper(bean, "validationMessage", "");
        selectedMethod.addListener((o, a, b) -> methodChanged(b));
        selectedMethod.set(methods.get(0));
        settings.epochsProperty().addListener(o -> validate());
        settings.validationMessageProperty().addListener(o -> validate());
    }

    private void methodChanged(String id) {
        if (id == null || !Methods.all().containsKey(id)) {
            description.set("");
            parameters.set(null);
            validationMessage.set("Pick a method.");
            return;
        }
        RankLearningMethod<?> m = Methods.get(id);
        description.set(m.description());
        parameters.set(m.defaultParameters());
        validate();
    }

    /** Re-checks the run settings and the hyperparameter bean against the run's epochs. */
    void validate() {
        Object p = parameters.get();
        String own = settings.validationMessageProperty().get();
        validationMessage.set(
                p == null
                        ? "Pick a method."
                        : !own.isEmpty()
                                ? own
                                : Methods.validationMessage(
                                        p, settings.epochsProperty().get()));
    }

    /** The chosen method (call only while {@link #validationMessageProperty()} is empty). */
    RankLearningMethod<?> method() {
        return Methods.get(selectedMethod.get());
    }

    ObservableList<String> methods() {
        return methods;
    }

    StringProperty selectedMethodProperty() {
        return selectedMethod;
    }

    ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Object> parametersProperty() {
        return parameters.getReadOnlyProperty();
    }

    ReadOnlyStringProperty validationMessageProperty() {
        return validationMessage.getReadOnlyProperty();
    }
}
