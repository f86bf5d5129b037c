"""What a user would otherwise write to score a Kafka topic: a Python loop with confluent-kafka and scikit-learn that
scores in numpy batches. bench/.../scoring/PythonScoringComparison runs it against streamtrain's scorer on the same
requests topic in the same run.

Usage: /usr/bin/python3 score_loop.py BOOTSTRAP REQUESTS_TOPIC PREDICTIONS_TOPIC TRAIN_CSV TEST_FRACTION EXPECTED SPEC_JSON

Trains SPEC_JSON's estimator ({"estimator", "params"}) after a StandardScaler on the train split of TRAIN_CSV (the
table streamtrain's model was trained on, split by the trainer's record-id hash), untimed. Then, timed from
subscribing until EXPECTED requests are answered and the last predictions are acknowledged: consume up to 5,000
requests at a time (one JSON object per request), parse them, score them as one numpy batch (predict_proba), produce
one JSON prediction per request (idempotent producer, acks=all) and commit the consumed offsets asynchronously.
That is at-least-once, the usual way such loops are written; Kafka transactions would cost it more.
Prints one JSON object: requests, seconds, requests_per_second, cpu_seconds (this process, over the timed part).
"""
import json
import sys
import time

import numpy as np
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer
from sklearn.preprocessing import StandardScaler

from fit_time import ESTIMATORS, load
from streamtrain_split import is_test

BATCH = 5000


def train(csv, test_fraction, spec):
    ids, x, labels, _ = load(csv)
    train_rows = np.array([not is_test(i, test_fraction) for i in ids])
    scaler = StandardScaler().fit(x[train_rows])
    model = ESTIMATORS[spec["estimator"]](**spec.get("params", {}))
    model.fit(scaler.transform(x[train_rows]), labels[train_rows])
    return scaler, model, [f"f{j}" for j in range(x.shape[1])]


def main():
    bootstrap, requests, predictions, csv = sys.argv[1:5]
    test_fraction, expected, spec = float(sys.argv[5]), int(sys.argv[6]), json.loads(sys.argv[7])
    scaler, model, features = train(csv, test_fraction, spec)
    classes = [str(c) for c in model.classes_]
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-scoring-loop", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 20})
    started, cpu_started = time.perf_counter(), time.process_time()
    consumer.subscribe([requests])
    answered = 0
    while answered < expected:
        messages = [m for m in consumer.consume(num_messages=BATCH, timeout=1.0) if m.error() is None]
        if not messages:
            continue
        rows = [json.loads(m.value()) for m in messages]
        x = np.array([[row[f] for f in features] for row in rows], dtype=float)
        probabilities = model.predict_proba(scaler.transform(x))
        best = probabilities.argmax(axis=1)
        scored_at = int(time.time() * 1000)
        for message, row, p, b in zip(messages, rows, probabilities, best):
            prediction = {"requestId": message.key().decode(), "recordId": row["id"], "modelVersion": 1, "label": classes[b],
                          "probabilities": dict(zip(classes, p.tolist())), "scoredAt": scored_at}
            producer.produce(predictions, key=message.key(), value=json.dumps(prediction).encode())
            producer.poll(0)
        consumer.commit(asynchronous=True)
        answered += len(messages)
    producer.flush()
    try:
        consumer.commit(asynchronous=False)
    except KafkaException as e:
        if e.args[0].code() != KafkaError._NO_OFFSET:  # nothing left to commit: the last async commit took it all
            raise
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    consumer.close()
    print(json.dumps({"requests": answered, "seconds": seconds, "requests_per_second": answered / seconds,
                      "cpu_seconds": cpu_seconds}), flush=True)


if __name__ == "__main__":
    main()
