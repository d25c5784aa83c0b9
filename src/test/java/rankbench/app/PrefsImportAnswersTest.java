package rankbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;
import rankbench.viewmodel.ImportAnswers;

/** Import answers in the preferences: per file, forgotten on request or when unreadable (no toolkit). */
class PrefsImportAnswersTest {

    private final Preferences node = Preferences.userRoot().node("rankbench-test/" + System.nanoTime());
    private final PrefsImportAnswers store = new PrefsImportAnswers(node);
    private final ImportAnswers answers = new ImportAnswers(
            Architecture.RESNET20,
            new FeatureShape(3, 32, 32),
            List.of("a", "b"),
            new float[] {0.5f, 0.5f, 0.5f},
            new float[] {0.25f, 0.25f, 0.25f},
            null);

    @AfterEach
    void removeNode() throws BackingStoreException {
        node.removeNode();
    }

    @Test
    void answersAreRememberedPerFileAndForgotten() {
        Path a = Path.of("/data/a.safetensors");
        store.remember(a, answers);
        assertEquals(answers, store.find(Path.of("/data/x/../a.safetensors")));
        assertNull(store.find(Path.of("/data/b.safetensors")));
        store.forget(a);
        assertNull(store.find(a));
    }

    @Test
    void unreadableAnswersAreForgotten() {
        Path a = Path.of("/data/a.safetensors");
        store.remember(a, answers);
        String key = assertOneKey();
        node.put(key, "architecture=no-such-net\n");
        assertNull(store.find(a));
        assertNull(node.get(key, null));
    }

    private String assertOneKey() {
        try {
            assertEquals(1, node.keys().length);
            return node.keys()[0];
        } catch (BackingStoreException e) {
            throw new AssertionError(e);
        }
    }
}
