package io.streamtrain.bench.scoring;

/** Score requests to pre-fill a requests topic with, one after the other. Not thread-safe. */
interface RequestSource {

    /** Records in each request. */
    int recordsPerRequest();

    /** The id of the request that {@link #nextValue()} returns next; it is also that request's Kafka key. */
    String nextId();

    /** The next request's value. */
    byte[] nextValue();
}
