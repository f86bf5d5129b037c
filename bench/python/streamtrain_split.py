"""The trainer's train/test split, reproduced in Python.

streamtrain holds a record out for evaluation when the hash of its record id, mapped to [0, 1), is below the
test fraction (ml/.../train/RecordIdHash and TrainTestSplit): 64-bit FNV-1a over the id's UTF-8 bytes, then
MurmurHash3's 64-bit finalizer, then the top 53 bits as a fraction.
"""

MASK = (1 << 64) - 1
FNV_OFFSET_BASIS = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def record_id_hash(record_id: str) -> int:
    h = FNV_OFFSET_BASIS
    for b in record_id.encode("utf-8"):
        h ^= b
        h = (h * FNV_PRIME) & MASK
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    h ^= h >> 33
    return h


def unit_interval(record_id: str) -> float:
    return (record_id_hash(record_id) >> 11) * 2.0 ** -53


def is_test(record_id: str, test_fraction: float) -> bool:
    return unit_interval(record_id) < test_fraction
