"""Child process for test_storage_crash.py: insert documents forever, acknowledging each one.

Usage: ``python storage_child.py JOURNAL TAG MODE`` where MODE is ``one`` (a single TinyDB for
the whole run) or ``fresh`` (a new TinyDB per save, like a save in the app). After each
``insert()`` returns, ``TAG-<n>`` is printed and flushed: from then on the document must survive.
Between inserts a draft document alternates between 60 KB and empty, so the file also shrinks
(a writer that rewrites in place would leave a torn or over-long file when killed).
"""

from __future__ import annotations

import sys

from tinydb import Query, TinyDB

from ritual.storage import JournalStorage

NOTE = "Slept badly, kids up at five; read two chapters of The Hobbit 📚 before school. " * 4


def main() -> None:
    path, tag, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    database = TinyDB(path, storage=JournalStorage)
    number = 0
    while True:
        if mode == "fresh":
            database = TinyDB(path, storage=JournalStorage)
        entries = database.table("entries")
        draft = "draft 🙂 " * (6000 if number % 2 else 0)
        entries.upsert({"draft": True, "text": draft}, Query().draft == True)  # noqa: E712
        ack = f"{tag}-{number}"
        entries.insert({"ack": ack, "n": number, "note": NOTE})
        sys.stdout.write(ack + "\n")
        sys.stdout.flush()
        number += 1


if __name__ == "__main__":
    main()
