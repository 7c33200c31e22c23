#!/usr/bin/env python3
"""The raw limit for Benchmarks/history: the same rows, byte for byte, inserted with plain INSERTs
in one transaction through Python's sqlite3, into a fresh file with the same schema, journal mode
and synchronous setting.

Usage: raw_inserts.py SOURCE_DB TARGET_DB SYNCHRONOUS [ROWS_DB]

SOURCE_DB is the database HistoryBenchmark wrote; its schema and rows are copied into memory
first (not timed), then inserted into TARGET_DB (timed: the inserts and the commit). With ROWS_DB
(HistoryBenchmark's --plain-copy: the same rows with every bundle as the engine recorded it,
uncompressed), the rows come from there instead, so the limit is that of writing the JSON
sonarflow is given; without it, the rows as SQLiteHistory stored them (compressed).
"""
import os
import sqlite3
import sys
import time

source_path, target_path, synchronous = sys.argv[1], sys.argv[2], sys.argv[3].upper()
rows_path = sys.argv[4] if len(sys.argv) > 4 else source_path
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target_path + suffix):
        os.remove(target_path + suffix)

source = sqlite3.connect(source_path)
# The search index's FTS5 shadow tables are made by its CREATE VIRTUAL TABLE; the raw limit
# inserts the rows only (the index is part of what SQLiteHistory's figure pays for).
schema = [sql for (sql,) in source.execute(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
    "AND name != 'grdb_migrations' AND name NOT LIKE 'execution_search%' ORDER BY type = 'index', rowid")]
source.close()
rows = sqlite3.connect(rows_path)
cursor = rows.execute("SELECT * FROM executions ORDER BY rowid")
id_column = [column[0] for column in cursor.description].index("id")
executions = cursor.fetchall()
operations = rows.execute("SELECT * FROM operations").fetchall()
rows.close()

target = sqlite3.connect(target_path, isolation_level=None)
target.execute("PRAGMA journal_mode = WAL")
target.execute(f"PRAGMA synchronous = {synchronous}")
target.execute("PRAGMA foreign_keys = ON")
for sql in schema:
    target.execute(sql)

execution_sql = "INSERT INTO executions VALUES (%s)" % ",".join("?" * len(executions[0]))
operation_sql = "INSERT INTO operations VALUES (%s)" % ",".join("?" * len(operations[0]))
by_execution = {}
for row in operations:
    by_execution.setdefault(row[0], []).append(row)

start = time.perf_counter()
target.execute("BEGIN")
for row in executions:
    target.execute(execution_sql, row)
    target.executemany(operation_sql, by_execution.get(row[id_column], []))
target.execute("COMMIT")
seconds = time.perf_counter() - start
target.close()

print(f"executions={len(executions)}")
print(f"operations={len(operations)}")
print(f"seconds={seconds:.3f}")
print(f"executions_per_second={len(executions) / seconds:.0f}")
