package io.streamtrain.bench.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scoring benchmark's command-line arguments: numbers in the order the benchmark documents them (underscores allowed,
 * {@code 300_000}), and any {@code key=value} setting for its pipelines, in the order given.
 *
 * @param numbers  the arguments without {@code =}
 * @param settings the {@code key=value} arguments, keys and values trimmed
 */
record BenchArguments(List<String> numbers, Map<String, String> settings) {

    BenchArguments {
        numbers = List.copyOf(numbers);
        settings = new LinkedHashMap<>(settings);
    }

    static BenchArguments parse(String[] args) {
        List<String> numbers = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                settings.put(arg.substring(0, equals).trim(), arg.substring(equals + 1).trim());
            } else {
                numbers.add(arg);
            }
        }
        return new BenchArguments(numbers, settings);
    }

    /** The {@code index}-th number, or {@code fallback} when fewer were given. */
    int number(int index, int fallback) {
        return numbers.size() > index ? Integer.parseInt(numbers.get(index).replace("_", "")) : fallback;
    }

    /** A copy of the settings that the benchmark may add its own to. */
    @Override
    public Map<String, String> settings() {
        return new LinkedHashMap<>(settings);
    }
}
