package org.knlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The docs say what runs: every relative link of README.md and docs/ resolves, every {@code deploy/kn}
 * command in a {@code bash} block parses with the real command line (subcommand, option names,
 * values), and the blocks marked {@code bash runnable} (the cheap ones) run as written, from the
 * repository root, and exit 0.
 */
class DocsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    /** A fenced block: its page, first line (1-based), info string and text. */
    record Block(Path page, int line, String info, String text) {
        String where() {
            return ROOT.relativize(page) + ":" + line;
        }
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Block> blocks(Path page) throws IOException {
        List<Block> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String info = line.substring(3).strip();
            StringBuilder text = new StringBuilder();
            int start = i + 1;
            while (++i < lines.size() && !lines.get(i).strip().startsWith("```")) {
                text.append(lines.get(i)).append('\n');
            }
            out.add(new Block(page, start, info, text.toString()));
        }
        return out;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                Path file =
                        page.getParent().resolve(target.replaceAll("#.*", "")).normalize();
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(page) + ": " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    @Test
    void everyKnCommandInTheDocsParses() throws IOException {
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (Path page : pages()) {
            for (Block block : blocks(page)) {
                if (!block.info().startsWith("bash")) {
                    continue;
                }
                for (List<String> command : ShellWords.commands(block.text())) {
                    if (command.isEmpty() || !command.get(0).equals("deploy/kn")) {
                        continue;
                    }
                    parsed++;
                    try {
                        Kn.commandLine()
                                .parseArgs(command.subList(1, command.size()).toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        failures.add(block.where() + ": " + String.join(" ", command) + "\n    " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), failures, "deploy/kn commands in the docs that do not parse");
        assertTrue(parsed >= 10, "only " + parsed + " deploy/kn commands found in the docs");
    }

    @Test
    void theRunnableBlocksRunAsWritten() throws Exception {
        List<Block> runnable = new ArrayList<>();
        for (Path page : pages()) {
            blocks(page).stream().filter(b -> b.info().equals("bash runnable")).forEach(runnable::add);
        }
        assertTrue(!runnable.isEmpty(), "no `bash runnable` block in the docs");
        for (Block block : runnable) {
            Path log = Files.createTempFile("kn-docs", ".log");
            Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.text())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done = p.waitFor(300, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            Files.delete(log);
            assertTrue(
                    done && p.exitValue() == 0,
                    block.where() + " failed:\n" + block.text() + "---\n"
                            + output.substring(Math.max(0, output.length() - 3000)));
        }
    }

    @Test
    void theReadmeIsALandingPageWithTheTestCommand() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(readme.size() <= 220, "README.md has " + readme.size() + " lines");
        assertTrue(
                blocks(ROOT.resolve("README.md")).stream()
                        .anyMatch(b -> b.info().startsWith("bash") && b.text().contains("./mvnw -B verify")),
                "the test command");
    }
}
