package rankbench.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rankbench.viewmodel.ImportAnswerStore;
import rankbench.viewmodel.ImportAnswers;

/**
 * Remembers safetensors import answers in the preferences, one entry per file (keyed by a hash of the
 * absolute path, since preference keys are short); unreadable entries are forgotten.
 */
final class PrefsImportAnswers implements ImportAnswerStore {

    private static final Logger LOG = LoggerFactory.getLogger(PrefsImportAnswers.class);

    private final Preferences node;

    PrefsImportAnswers(Preferences node) {
        this.node = node;
    }

    private static String key(Path file) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ImportAnswers find(Path file) {
        String text = node.get(key(file), null);
        if (text == null) {
            return null;
        }
        try {
            return ImportAnswers.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("Forgetting unreadable import answers for {}: {}", file, e.getMessage());
            forget(file);
            return null;
        }
    }

    @Override
    public void remember(Path file, ImportAnswers answers) {
        String text = answers.toText();
        if (text.length() > Preferences.MAX_VALUE_LENGTH) {
            LOG.info("Not remembering the import answers for {}: too long for the preferences", file);
            return;
        }
        node.put(key(file), text);
    }

    @Override
    public void forget(Path file) {
        node.remove(key(file));
    }
}
