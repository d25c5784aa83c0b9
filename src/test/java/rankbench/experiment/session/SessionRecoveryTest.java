package rankbench.experiment.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aFreshDirectoryHasNothingToRecover() throws IOException {
        SessionRecovery r = new SessionRecovery(dir.resolve("recovery"));
        assertTrue(r.start());
        assertFalse(r.previousExitWasUnclean());
        assertEquals(Optional.empty(), r.pending());
        assertTrue(Files.exists(r.directory().resolve(SessionRecovery.MARKER_NAME)), "running marker");
        r.closeCleanly();
    }

    @Test
    void anAutosaveLeftByACrashIsPendingUntilDiscarded() throws IOException {
        ExperimentSession s = SessionFixtures.session("before the crash");
        SessionRecovery first = new SessionRecovery(dir);
        assertTrue(first.start());
        assertTrue(first.save(s));
        assertEquals("before the crash", SessionFiles.read(first.file()).title());
        assertEquals(Optional.empty(), first.pending(), "one's own autosave is not a recovery");
        first.releaseLock(); // the process dies: no clean exit

        Path stale = Files.createFile(dir.resolve(".autosave.rbsession.123456.tmp")); // a save killed mid-way
        Path foreign = Files.createFile(dir.resolve("notes.txt"));
        SessionRecovery second = new SessionRecovery(dir);
        assertTrue(second.start());
        assertFalse(Files.exists(stale), "stale temporary files of the owner are removed");
        assertTrue(Files.exists(foreign));
        assertTrue(second.previousExitWasUnclean());
        assertEquals(Optional.of(second.recoveredFile()), second.pending());
        SessionFixtures.assertSameSession(s, second.recover());
        // autosaves of the new session do not touch the pending one
        assertTrue(second.save(s.withTitle("after the crash")));
        assertEquals("before the crash", second.recover().title());
        assertEquals("after the crash", SessionFiles.read(second.file()).title());
        second.discard();
        assertEquals(Optional.empty(), second.pending());
        assertFalse(Files.exists(second.recoveredFile()));
        assertThrows(SessionFileException.class, second::recover);
        second.closeCleanly();
    }

    @Test
    void aCleanExitLeavesNothingBehind() throws IOException {
        SessionRecovery first = new SessionRecovery(dir);
        first.start();
        first.save(SessionFixtures.session("clean"));
        first.closeCleanly();
        assertFalse(Files.exists(first.file()));
        assertFalse(Files.exists(dir.resolve(SessionRecovery.MARKER_NAME)));
        assertFalse(first.save(SessionFixtures.session("too late")), "saves after a clean exit are ignored");
        assertFalse(Files.exists(first.file()));

        SessionRecovery next = new SessionRecovery(dir);
        assertTrue(next.start());
        assertFalse(next.previousExitWasUnclean());
        assertEquals(Optional.empty(), next.pending());
        next.closeCleanly();
    }

    @Test
    void aPendingRecoverySurvivesARestartUntilDecided() throws IOException {
        SessionRecovery a = new SessionRecovery(dir);
        a.start();
        a.save(SessionFixtures.session("kept"));
        a.releaseLock();
        SessionRecovery b = new SessionRecovery(dir);
        b.start();
        b.closeCleanly(); // the user ignored the offer and quit
        SessionRecovery c = new SessionRecovery(dir);
        c.start();
        assertFalse(c.previousExitWasUnclean());
        assertEquals("kept", c.recover().title());
        c.closeCleanly();
    }

    @Test
    void aSecondRankBenchNeitherAutosavesNorRecovers() throws IOException {
        SessionRecovery owner = new SessionRecovery(dir);
        assertTrue(owner.start());
        owner.save(SessionFixtures.session("owner's"));
        SessionRecovery other = new SessionRecovery(dir);
        assertFalse(other.start());
        assertFalse(other.save(SessionFixtures.session("other's")));
        assertEquals(Optional.empty(), other.pending());
        other.discard();
        other.closeCleanly();
        assertEquals("owner's", SessionFiles.read(owner.file()).title());
        owner.closeCleanly();
    }

    @Test
    void aDamagedAutosaveIsReportedAndKept() throws IOException {
        SessionRecovery a = new SessionRecovery(dir);
        a.start();
        a.save(SessionFixtures.session("x"));
        Files.write(a.file(), new byte[] {'P', 'K', 3, 4, 0, 0});
        a.releaseLock();
        SessionRecovery b = new SessionRecovery(dir);
        b.start();
        SessionFileException e = assertThrows(SessionFileException.class, b::recover);
        assertTrue(e.getMessage().startsWith(b.recoveredFile().toString() + ": "), e.getMessage());
        assertTrue(Files.exists(b.recoveredFile()));
        b.closeCleanly();
    }
}
