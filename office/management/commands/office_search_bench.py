"""Measure Chinese search on PostgreSQL at scale: bigram tsvector + GIN (what office.search uses)
against pg_trgm + GIN with LIKE, on N synthetic suggestions in scratch tables that are dropped
afterwards. Run against a scratch database: DATABASE_URL=... manage.py office_search_bench."""

from __future__ import annotations

import io
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from office.search.query import _tsquery
from office.search.tokens import document_terms, query_groups
from suggestions import demo_data

QUERIES = ["学校", "绿地", "停车", "老旧小区 电梯", "公交线路", "火箭"]


def _phrases() -> list[str]:
    texts = [t[1] + "，" + t[2] for t in demo_data.SUGGESTIONS]
    return [p for t in texts for p in t.replace("。", "，").split("，") if len(p) > 3]


class Command(BaseCommand):
    help = "Benchmark Chinese search on PostgreSQL (bigram tsvector vs pg_trgm)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)

    def handle(self, *args, rows: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("This benchmark needs PostgreSQL (set DATABASE_URL).")
        rng = random.Random(7)
        phrases = _phrases()
        with connection.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cur.execute("DROP TABLE IF EXISTS office_bench")
            cur.execute(
                "CREATE UNLOGGED TABLE office_bench (id int, title text, body text, "
                "title_terms text, body_terms text, vector tsvector)"
            )
            start = time.perf_counter()
            for chunk in range(0, rows, 100_000):
                buf = io.StringIO()
                for i in range(chunk, min(rows, chunk + 100_000)):
                    title = "关于" + rng.choice(phrases)[:18] + "的建议"
                    body = "，".join(rng.sample(phrases, 3))
                    t_terms = " ".join(document_terms(title))
                    b_terms = " ".join(document_terms(body))
                    buf.write(f"{i}\t{title}\t{body}\t{t_terms}\t{b_terms}\n")
                self._copy(cur, buf)
            self.stdout.write(
                f"generated and loaded {rows} rows in {time.perf_counter() - start:.0f} s"
            )
            self._timed(
                cur,
                "tsvector fill",
                "UPDATE office_bench SET vector = setweight(to_tsvector('simple', title_terms), 'A')"
                " || setweight(to_tsvector('simple', body_terms), 'B')",
            )
            self._timed(
                cur, "GIN(tsvector) build", "CREATE INDEX ob_vec ON office_bench USING gin (vector)"
            )
            self._timed(
                cur,
                "GIN(trgm) build",
                "CREATE INDEX ob_trgm ON office_bench USING gin ((title || ' ' || body) gin_trgm_ops)",
            )
            cur.execute("ANALYZE office_bench")
            cur.execute(
                "SELECT pg_size_pretty(pg_relation_size('ob_vec')), "
                "pg_size_pretty(pg_relation_size('ob_trgm'))"
            )
            sizes = cur.fetchone()
            self.stdout.write(f"index sizes: tsvector {sizes[0]}, trigram {sizes[1]}")
            for q in QUERIES:
                tsq = _tsquery(query_groups(q))
                sql_ts = (
                    "SELECT id FROM office_bench WHERE vector @@ to_tsquery('simple', %s) "
                    "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC LIMIT 50"
                )
                n_ts, ms_ts = self._query(
                    cur,
                    sql_ts,
                    [tsq, tsq],
                    "SELECT count(*) FROM office_bench WHERE vector @@ to_tsquery('simple', %s)",
                    [tsq],
                )
                sql_win = (
                    "SELECT id FROM (SELECT id, vector FROM office_bench WHERE vector @@ "
                    "to_tsquery('simple', %s) ORDER BY id DESC LIMIT 10000) recent "
                    "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC LIMIT 50"
                )
                _n, ms_win = self._query(cur, sql_win, [tsq, tsq], "SELECT 0", [])
                likes = " AND ".join(["(title || ' ' || body) LIKE %s"] * len(q.split()))
                params = [f"%{w}%" for w in q.split()]
                sql_tr = f"SELECT id FROM office_bench WHERE {likes} LIMIT 50"
                n_tr, ms_tr = self._query(
                    cur, sql_tr, params, f"SELECT count(*) FROM office_bench WHERE {likes}", params
                )
                self.stdout.write(
                    f"{q}: tsvector {n_ts} hits, top-50 ranked {ms_ts:.0f} ms, "
                    f"ranked within the newest 10,000 hits {ms_win:.0f} ms | "
                    f"trigram LIKE {n_tr} hits, first 50 unranked {ms_tr:.0f} ms"
                )
            cur.execute("DROP TABLE office_bench")

    def _copy(self, cur, buf) -> None:
        with cur.copy(
            "COPY office_bench (id, title, body, title_terms, body_terms) FROM STDIN"
        ) as copy:
            copy.write(buf.getvalue())

    def _timed(self, cur, label: str, sql: str) -> None:
        start = time.perf_counter()
        cur.execute(sql)
        self.stdout.write(f"{label}: {time.perf_counter() - start:.0f} s")

    def _query(self, cur, sql, params, count_sql, count_params) -> tuple[int, float]:
        cur.execute(sql, params)  # warm
        start = time.perf_counter()
        for _ in range(3):
            cur.execute(sql, params)
            cur.fetchall()
        elapsed = (time.perf_counter() - start) / 3 * 1000
        cur.execute(count_sql, count_params)
        return cur.fetchone()[0], elapsed
