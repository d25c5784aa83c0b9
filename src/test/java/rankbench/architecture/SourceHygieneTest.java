package rankbench.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Source conventions a compiler does not check: no inline fully qualified class names in code (types are
 * imported; comments and string literals may name them), and one spelling (American English, like the
 * libraries' identifiers) in code and prose.
 */
class SourceHygieneTest {

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.\"@{#])(?:java|javax|javafx|rankbench|org|com|ai)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
    /** British forms, spelled in pieces so that this file does not match itself. */
    private static final Pattern BRITISH = Pattern.compile("(?i)"
            + String.join(
                    "|",
                    List.of(
                            "factor" + "is",
                            "normal" + "is",
                            "regular" + "is",
                            "initial" + "is(?!e\\()",
                            "serial" + "is",
                            "summar" + "is",
                            "minim" + "is",
                            "maxim" + "is",
                            "optim" + "is",
                            "col" + "our",
                            "behavi" + "our",
                            "label" + "led",
                            "label" + "ling",
                            "\\bcen" + "tre",
                            "\\blic" + "ence")));

    @Test
    void codeImportsTypesInsteadOfNamingThemInline() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : javaFiles()) {
            String[] lines = mask(Files.readString(p)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("import ") || line.startsWith("package ")) {
                    continue;
                }
                Matcher m = QUALIFIED.matcher(lines[i]);
                if (m.find()) {
                    found.add(p + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found, "inline fully qualified names: import the type");
    }

    @Test
    void oneSpellingEverywhere() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>(javaFiles());
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        files.add(Path.of("README.md"));
        for (Path p : files) {
            String[] lines = Files.readString(p).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = BRITISH.matcher(lines[i]);
                if (m.find()) {
                    found.add(p + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found, "British spelling; the project writes American English");
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        return out;
    }

    /** The source with comments and string and character literals blanked (line structure kept). */
    static String mask(String text) {
        StringBuilder out = new StringBuilder(text);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int j = text.indexOf('\n', i);
                j = j < 0 ? n : j;
                blank(out, i, j);
                i = j;
            } else if (text.startsWith("/*", i)) {
                int j = text.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                blank(out, i, j);
                i = j;
            } else if (text.startsWith("\"\"\"", i)) {
                int j = text.indexOf("\"\"\"", i + 3);
                j = j < 0 ? n : j + 3;
                blank(out, i, j);
                i = j;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != c) {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                blank(out, i, Math.min(j + 1, n));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b.charAt(k) != '\n') {
                b.setCharAt(k, ' ');
            }
        }
    }
}
