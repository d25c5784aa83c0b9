package rankbench.experiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native heap policy: parsed as a named choice, applied through glibc where there is one. */
class NativeHeapTest {

    @AfterEach
    void clear() {
        System.clearProperty("rankbench.nativeHeap");
    }

    @Test
    void policyDefaultsToKeepAndIsParsed() {
        clear();
        assertEquals(NativeHeap.Policy.KEEP, NativeHeap.Policy.configured());
        System.setProperty("rankbench.nativeHeap", " Return ");
        assertEquals(NativeHeap.Policy.RETURN, NativeHeap.Policy.configured());
        assertTrue(NativeHeap.prepare().contains("glibc defaults"));
        System.setProperty("rankbench.nativeHeap", "forever");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NativeHeap.Policy::configured);
        assertTrue(e.getMessage().contains("'forever'") && e.getMessage().contains("keep, return"), e.getMessage());
    }

    @Test
    void glibcTakesBothSettings() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "glibc only");
        assumeTrue(System.getenv("MALLOC_TRIM_THRESHOLD_") == null && System.getenv("MALLOC_MMAP_THRESHOLD_") == null);
        assertEquals("freed memory kept (trim threshold raised, mmap threshold 32 MB)", NativeHeap.prepare());
    }
}
