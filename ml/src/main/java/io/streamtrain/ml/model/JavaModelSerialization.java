package io.streamtrain.ml.model;

import io.streamtrain.ml.model.forest.DrawOnDecisionTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The {@value #FORMAT} model format: a Smile model written with Java serialization. Reading goes through
 * an {@link ObjectInputFilter} that admits only Smile's classes, the few JDK classes they are made of and
 * streamtrain's {@link LinearModel} and {@link DrawOnDecisionTree} (a Smile tree grown by streamtrain's split search),
 * within size limits, because model bytes arrive from a topic and are untrusted input.
 */
public final class JavaModelSerialization {

    /** The envelope's {@code modelFormat} for this format. */
    public static final String FORMAT = "java-serialization";

    /** Largest model accepted, in bytes. */
    public static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;

    /**
     * Classes a model may consist of, and limits on its shape. {@code java.lang.*} and {@code java.util.*} match
     * those packages only, not sub-packages such as {@code java.util.concurrent}; arrays are checked by element
     * type, and arrays of primitives are always allowed. {@link LinearModel} and {@link DrawOnDecisionTree} are the
     * streamtrain classes admitted.
     */
    static final String FILTER_PATTERN = "maxbytes=" + MAX_MODEL_BYTES
            + ";maxdepth=64;maxrefs=5000000;maxarray=10000000"
            + ";smile.**;java.lang.*;java.util.*;" + LinearModel.class.getName() + ";" + DrawOnDecisionTree.class.getName() + ";!*";

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(FILTER_PATTERN);

    private JavaModelSerialization() {
    }

    /** The Java serialization of {@code model}. */
    public static byte[] serialize(Serializable model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + model.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads one object through the allow-list filter.
     *
     * @throws java.io.InvalidClassException when the filter refuses a class or a limit, or a class changed
     *                                       incompatibly (another Smile version)
     */
    static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        }
    }
}
