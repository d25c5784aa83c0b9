package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the answers given for a safetensors file, so opening the same file again does not ask
 * again. Implementations must be thread-safe (the import forgets answers on a worker thread when the
 * file no longer fits them).
 */
public interface ImportAnswerStore {

    /** The answers remembered for {@code file} (compared by absolute path), or null. */
    ImportAnswers find(Path file);

    /** Remembers {@code answers} for {@code file}. */
    void remember(Path file, ImportAnswers answers);

    /** Forgets the answers for {@code file}. */
    void forget(Path file);

    /** A store that remembers only while the program runs. */
    static ImportAnswerStore inMemory() {
        Map<Path, ImportAnswers> m = new ConcurrentHashMap<>();
        return new ImportAnswerStore() {
            @Override
            public ImportAnswers find(Path file) {
                return m.get(file.toAbsolutePath().normalize());
            }

            @Override
            public void remember(Path file, ImportAnswers answers) {
                m.put(file.toAbsolutePath().normalize(), answers);
            }

            @Override
            public void forget(Path file) {
                m.remove(file.toAbsolutePath().normalize());
            }
        };
    }
}
