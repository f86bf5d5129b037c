package io.streamtrain.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** The .avsc files as they ship in the jar, and the frozen released copies in {@code src/test/resources/released}. */
final class MessageSchemaFiles {

    /** Schemas other files refer to by name, parsed first (as the avro-maven-plugin imports them). */
    private static final List<String> IMPORTS = List.of("common", "clean-record");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageSchemaFiles() {
    }

    /** Every current schema, keyed by file name without {@code .avsc}. */
    static Map<String, Schema> current() {
        Path directory = classpathDirectory("/streamtrain/schemas");
        List<String> names = new ArrayList<>(IMPORTS);
        avscNames(directory).filter(name -> !IMPORTS.contains(name)).forEach(names::add);
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new TreeMap<>();
        for (String name : names) {
            schemas.put(name, parse(parser, directory.resolve(name + ".avsc")));
        }
        return schemas;
    }

    /** Every released version, keyed by file name without {@code .avsc}, for example {@code model-envelope.v1}. */
    static Map<String, Schema> released() {
        Path directory = releasedDirectory();
        Map<String, Schema> schemas = new TreeMap<>();
        avscNames(directory).forEach(name -> schemas.put(name, parse(new Schema.Parser(), directory.resolve(name + ".avsc"))));
        return schemas;
    }

    /** The current schema file a released version belongs to: {@code model-envelope.v1} belongs to {@code model-envelope}. */
    static String currentNameOf(String releasedName) {
        return releasedName.substring(0, releasedName.lastIndexOf(".v"));
    }

    static Path releasedDirectory() {
        return classpathDirectory("/released");
    }

    /** A copy of {@code schema} with {@code change} applied to its JSON form. */
    static Schema edit(Schema schema, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
            change.accept(root);
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code schema} with one more field, given as JSON. */
    static Schema withField(Schema schema, String fieldJson) {
        return edit(schema, root -> ((ArrayNode) root.get("fields")).add(readObject(fieldJson)));
    }

    static ObjectNode readObject(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> avscNames(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".avsc"))
                    .map(name -> name.substring(0, name.length() - ".avsc".length()))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Schema.Parser parser, Path file) {
        try {
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classpathDirectory(String resource) {
        try {
            return Path.of(MessageSchemaFiles.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
