package rankbench.viewmodel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The recently opened or saved session files, newest first: absolute paths, each once, at most
 * {@link SessionViewModel#MAX_RECENT}. The app keeps them in its preferences.
 *
 * <p>Threading: UI thread only.
 */
final class RecentSessions {

    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);

    /** The list, read-only. */
    ObservableList<Path> view() {
        return recentView;
    }

    /** Replaces the list with {@code paths} (made absolute, duplicates and the excess dropped). */
    void setAll(List<Path> paths) {
        List<Path> l = new ArrayList<>();
        for (Path p : paths) {
            Path a = p.toAbsolutePath();
            if (!l.contains(a) && l.size() < SessionViewModel.MAX_RECENT) {
                l.add(a);
            }
        }
        recent.setAll(l);
    }

    /** Puts {@code f} first. */
    void add(Path f) {
        List<Path> l = new ArrayList<>(recent);
        l.remove(f.toAbsolutePath());
        l.add(0, f.toAbsolutePath());
        setAll(l);
    }

    /** Forgets {@code f} (it could not be opened). */
    void remove(Path f) {
        recent.remove(f.toAbsolutePath());
    }
}
