package io.streamtrain.bench.scoring;

/**
 * How many customers one score request carries: 1 is a plain JSON object, more a {@code {"requestId", "records"}} wrapper.
 *
 * @param name      names the shape's pipelines
 * @param customers customers per request
 */
record RequestShape(String name, int customers) {

    String describe() {
        return customers == 1 ? "1 customer (JSON object)" : customers + " customers (wrapper)";
    }
}
