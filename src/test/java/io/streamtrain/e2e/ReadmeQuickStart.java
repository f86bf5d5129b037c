package io.streamtrain.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quick-start commands of the top-level README, read from the fenced block between its {@code quickstart:begin} and
 * {@code quickstart:end} markers, so that the test runs exactly what a reader copies.
 */
record ReadmeQuickStart(Path repository, List<String> commands) {

    private static final String BEGIN = "<!-- quickstart:begin";
    private static final String END = "<!-- quickstart:end";

    /** The repository holding the README, found from the working directory upwards (wherever the test lives). */
    static ReadmeQuickStart read() throws IOException {
        Path repository = findRepository();
        List<String> lines = Files.readAllLines(repository.resolve("README.md"));
        int begin = indexOf(lines, BEGIN, 0);
        int end = indexOf(lines, END, begin);
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines.subList(begin + 1, end)) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            } else if (inFence && !line.isBlank() && !line.startsWith("#")) {
                commands.add(line.strip());
            }
        }
        if (commands.isEmpty()) {
            throw new IllegalStateException("README.md has no commands in a fenced block between its quick-start markers");
        }
        return new ReadmeQuickStart(repository, List.copyOf(commands));
    }

    /** The repository's root: the folder holding README.md and the streamtrain script, the working directory or above. */
    static Path findRepository() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("README.md")) && Files.isRegularFile(folder.resolve("streamtrain"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds README.md and the streamtrain script");
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(marker)) {
                return i;
            }
        }
        throw new IllegalStateException("README.md has no line starting with " + marker);
    }
}
