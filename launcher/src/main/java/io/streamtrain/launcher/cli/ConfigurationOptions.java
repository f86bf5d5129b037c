package io.streamtrain.launcher.cli;

import io.streamtrain.core.config.ConfigSources;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Options shared by commands that read pipeline definitions: one or more files, or folders of them, and the cluster. */
public final class ConfigurationOptions {

    private static final String EXTENSION = ".properties";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE|DIR",
            description = {"Properties file with a pipeline's definition (pipeline, service and kafka.* keys), or a folder whose "
                    + "*.properties files each define one. Repeat it for several pipelines.",
                    "STREAMTRAIN_* environment variables override the keys of every file."})
    List<Path> configPaths;

    @Option(names = {"-b", "--bootstrap-server", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster of every pipeline given; overrides kafka.bootstrap.servers of every file.")
    String bootstrapServers;

    /** Every pipeline definition named on the command line, with environment overrides, checked to run side by side. */
    DeploymentDefinition deployment() {
        return deployment(System.getenv());
    }

    DeploymentDefinition deployment(Map<String, String> environment) {
        List<PipelineDefinition> pipelines = new ArrayList<>();
        for (Path file : files(configPaths)) {
            Map<String, String> configuration = new HashMap<>(ConfigSources.load(file, environment));
            if (bootstrapServers != null) {
                configuration.put(PipelineSelection.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            }
            pipelines.add(PipelineDefinition.of(file.toString(), configuration));
        }
        return new DeploymentDefinition(pipelines);
    }

    /** The files named, with each folder replaced by its {@code *.properties} files in name order. */
    static List<Path> files(List<Path> configPaths) {
        List<Path> files = new ArrayList<>();
        for (Path path : configPaths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (Stream<Path> children = Files.list(path)) {
                List<Path> definitions = children.filter(child -> child.getFileName().toString().endsWith(EXTENSION))
                        .filter(Files::isRegularFile).sorted().toList();
                if (definitions.isEmpty()) {
                    throw new IllegalArgumentException("--config " + path + " is a folder without *" + EXTENSION
                            + " files; name a pipeline file or a folder of them");
                }
                files.addAll(definitions);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the pipeline files in " + path, e);
            }
        }
        return files;
    }
}
