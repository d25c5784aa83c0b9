package rankbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Unknown commands and options, on every command and subcommand: one line on stderr naming what is
 * wrong and where to get help, nothing on stdout, exit code 2; the same through the jar's entry point.
 */
class CliHygieneTest {

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command path: {@code train}, {@code session info}, ... */
    static Stream<String> commands() {
        List<String> out = new ArrayList<>();
        collect(new CommandLine(new Cli()), "", out);
        return out.stream();
    }

    private static void collect(CommandLine c, String prefix, List<String> out) {
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            String path = (prefix + " " + e.getKey()).trim();
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    private static void assertOneLineUsageError(Run r, String mustMention) {
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "more than one line: " + err);
        assertTrue(err.startsWith("Error: ") && err.contains(mustMention) && err.contains("--help"), err);
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCode2() {
        assertOneLineUsageError(cli("bogus"), "bogus");
        assertOneLineUsageError(cli("session", "bogus"), "bogus");
        assertOneLineUsageError(cli("--bogus"), "--bogus");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownOptionIsOneLineAndExitCode2(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--no-such-option");
        assertOneLineUsageError(cli(args.toArray(String[]::new)), "--no-such-option");
    }

    @Test
    void theJarEntryPointExitsNonZeroWithOneLine() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), 60, "bogus");
        assertNotEquals(0, r.exit());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bogus"), r.err());
        ChildJvm.Result o = ChildJvm.run(List.of(), 60, "info", "--bogus");
        assertEquals(2, o.exit(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }
}
