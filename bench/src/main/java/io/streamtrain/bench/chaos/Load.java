package io.streamtrain.bench.chaos;

/**
 * What the run sent, counted by its producers: handed to the producer, and acknowledged by the broker. A record
 * handed over but never acknowledged (the broker was away past the delivery timeout) may or may not be on its topic.
 *
 * @param recordsSent          labelled records handed to the producers: the load's, and those of the capacity probe that
 *                             the broker acknowledged (the probe's producer drops what is still unsent when it stops)
 * @param recordsAcknowledged  labelled records the broker acknowledged
 * @param requestsSent         score requests handed to the producer
 * @param requestsAcknowledged score requests the broker acknowledged
 */
record Load(long recordsSent, long recordsAcknowledged, long requestsSent, long requestsAcknowledged) {
}
