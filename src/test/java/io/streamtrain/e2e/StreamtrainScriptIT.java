package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./streamtrain} script: it runs the launcher's jar with a JDK 25 or newer, and builds the jar
 * first when it is missing. Once for real (the jar this build made, a JDK the script finds on this machine), then on a
 * copy of the script beside stand-in {@code java} and {@code mvn} commands that say how they were called, so that each
 * way of finding Java is checked whatever JDKs the machine has.
 */
class StreamtrainScriptIT {

    private static final Path REPOSITORY = ReadmeQuickStart.findRepository();

    @TempDir
    Path work;

    private Path bin;
    private Path copy;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectories(work.resolve("bin"));
        executable(bin.resolve("java"), fakeJava("17.0.2", "path-java"));
        copy = Files.createDirectories(work.resolve("repo"));
        Files.copy(REPOSITORY.resolve("streamtrain"), copy.resolve("streamtrain"));
        Files.createDirectories(copy.resolve("launcher/target"));
        Files.writeString(copy.resolve("launcher/target/streamtrain.jar"), "");
    }

    @Test
    void shouldRunTheBuiltJarWithAJdk25ItFindsItself() throws Exception {
        Path jar = REPOSITORY.resolve("launcher/target/streamtrain.jar");
        assertThat(jar).as("the launcher module packages the jar before the end-to-end tests run").exists();

        Run run = run(REPOSITORY.resolve("streamtrain"), Map.of("PATH", System.getenv("PATH"),
                "JAVA_HOME", System.getProperty("java.home"), "STREAMTRAIN_JVM_ARGS", "-Xmx256m"), "--version");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("streamtrain ");
    }

    @Test
    void shouldPreferAJdk25OnThePathToJavaHome() throws Exception {
        executable(bin.resolve("java"), fakeJava("25.0.1", "path-java"));
        Path home = fakeJdk("jdk-21", "21.0.4");

        Run run = run(copy.resolve("streamtrain"), Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", home.toString()), "--version");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("path-java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx2g -jar "
                + copy.resolve("launcher/target/streamtrain.jar") + " --version");
    }

    @Test
    void shouldUseJavaHomeWhenTheJavaOnThePathIsOlderThan25() throws Exception {
        Path home = fakeJdk("jdk-25", "25.0.1");

        Run run = run(copy.resolve("streamtrain"), Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", home.toString(),
                "STREAMTRAIN_JVM_ARGS", "-Xmx1g -Dx=y"), "models", "list");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("jdk-25 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx1g -Dx=y "
                + "-jar " + copy.resolve("launcher/target/streamtrain.jar") + " models list");
    }

    @Test
    void shouldUseTheJavaStreamtrainJavaNames() throws Exception {
        Path chosen = executable(work.resolve("chosen-java"), fakeJava("25", "chosen"));

        Run run = run(copy.resolve("streamtrain"), Map.of("PATH", bin + ":/usr/bin:/bin", "STREAMTRAIN_JAVA", chosen.toString()), "init");

        assertThat(run.output()).startsWith("chosen ").endsWith(" init\n");
    }

    @Test
    void shouldBuildTheJarOnceWhenItIsMissing() throws Exception {
        Files.delete(copy.resolve("launcher/target/streamtrain.jar"));
        executable(bin.resolve("mvn"), "#!/bin/sh\necho \"mvn $* in $(pwd)\" >&2\ntouch launcher/target/streamtrain.jar\n");
        Path home = fakeJdk("jdk-25", "25");

        Run run = run(copy.resolve("streamtrain"), Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", home.toString()), "--help");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("streamtrain: building " + copy.resolve("launcher/target/streamtrain.jar") + " once")
                .contains("mvn -B -q -pl launcher -am package -DskipTests in " + copy)
                .contains("jdk-25 --enable-native-access=ALL-UNNAMED");
        assertThat(copy.resolve("launcher/target/streamtrain.jar")).exists();
    }

    /** A JDK home whose {@code release} file says {@code version} and whose java prints its name and arguments. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(work.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        executable(Files.createDirectories(home.resolve("bin")).resolve("java"), fakeJava(version, name));
        return home;
    }

    /** A java that answers {@code -version} as a JDK {@code version} does, and otherwise prints its name and arguments. */
    private static String fakeJava(String version, String name) {
        return "#!/bin/sh\nif [ \"$1\" = \"-version\" ]; then echo 'openjdk version \"" + version + "\" 2026-01-20' >&2; exit 0; fi\n"
                + "echo \"" + name + " $*\"\n";
    }

    private static Path executable(Path file, String script) throws IOException {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Runs the script with only the given environment (and a HOME of its own), returning its exit status and output. */
    private Run run(Path script, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Path log = work.resolve("script.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", Files.createDirectories(work.resolve("home")).toString());
        builder.environment().put("STREAMTRAIN_HOME", work.resolve("streamtrain-home").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the script finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private record Run(int exit, String output) {
    }
}
