package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The class names of a model, sorted so that class indices are stable; labels become names by {@link ClassLabels}. */
final class ClassIndex {

    /** Marks a label that is not one of the classes. */
    static final int UNSEEN = -1;

    private final List<String> names;
    private final Map<String, Integer> indices;

    private ClassIndex(List<String> names) {
        this.names = List.copyOf(names);
        this.indices = HashMap.newHashMap(names.size());
        for (int i = 0; i < names.size(); i++) {
            indices.put(names.get(i), i);
        }
    }

    /** The sorted distinct class names of the records' labels (records without a label are ignored). */
    static ClassIndex of(Collection<CleanRecord> records) {
        TreeSet<String> names = new TreeSet<>();
        for (CleanRecord record : records) {
            String name = nameOf(record.getLabel());
            if (name != null) {
                names.add(name);
            }
        }
        return new ClassIndex(List.copyOf(names));
    }

    /** The class name of a raw label, or null for a missing label ({@link ClassLabels#nameOf}). */
    static String nameOf(Object label) {
        return ClassLabels.nameOf(label);
    }

    /** Class names by index. */
    List<String> names() {
        return names;
    }

    int size() {
        return names.size();
    }

    /** The index of a raw label's class, or {@link #UNSEEN}. */
    int indexOf(Object label) {
        String name = nameOf(label);
        return name == null ? UNSEEN : indices.getOrDefault(name, UNSEEN);
    }
}
