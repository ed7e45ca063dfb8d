"""Whether a PostGIS city is larger than the lazy limit: the planner's estimate or the count,
always the count's answer (real PostGIS, before and after ANALYZE)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from riskmap.store.engine import open_store
from riskmap.store.spatial import PostGISSpatial
from riskmap.store.transfer import copy_db


def test_more_than_answers_as_the_count(demo_url: str, pg_url: str) -> None:
    copy_db(demo_url, pg_url)
    store = open_store(pg_url)
    try:
        with store.engine.connect() as c:
            n = int(c.execute(text("SELECT count(*) FROM sites")).scalar_one())
        assert n > 10
        spatial = PostGISSpatial(store)
        for analysed in (False, True):
            if analysed:
                engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
                with engine.connect() as c:
                    c.execute(text("VACUUM ANALYZE sites"))
                engine.dispose()
            for limit in (0, 1, n // 3, n // 2, n - 1, n, n + 1, 2 * n, 10 * n):
                assert spatial.more_than(limit) == (n > limit), (analysed, limit)
    finally:
        store.dispose()
