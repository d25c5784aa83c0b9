package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultModelTest {

    @Test
    void embeddedDefaultIsAResNet20ForFashionMnistWithItsTrainingRecord() {
        SavedModel m = ModelFiles.readDefault();
        assertEquals("resnet20", m.manifest().architecture());
        assertEquals(new FeatureShape(1, 28, 28), m.manifest().input());
        assertEquals(
                List.of(
                        "T-shirt/top",
                        "Trouser",
                        "Pullover",
                        "Dress",
                        "Coat",
                        "Sandal",
                        "Shirt",
                        "Sneaker",
                        "Bag",
                        "Ankle boot"),
                m.manifest().classes());
        assertEquals(
                Architecture.RESNET20.build(m.manifest().input(), 10),
                m.manifest().network());
        TrainingRecord r = m.manifest().training();
        assertNotNull(r);
        assertTrue(r.command().startsWith("rankbench train --arch resnet20"), r.command());
        assertTrue(r.testAccuracy() > 0.9, "recorded test accuracy " + r.testAccuracy());
    }
}
