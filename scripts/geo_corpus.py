"""Write the 1,041 geo/ articles (LGL, TR-News, GeoVirus, GWN) as one JSON Lines file: a general news stream.

These are ordinary local and world news, not reports selected for violence, so they measure what the
relevance prefilter passes and how fast `ingest` runs on the news a monitoring desk actually sees.

    python scripts/geo_corpus.py ../shared/data/geo benchmarks/geo.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventwire.eval.geo import read_dataset

FILES = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "geovirus": "GeoVirus.xml", "gwn": "GWN.xml"}


def main(geo_dir: Path, out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for dataset, name in FILES.items():
            for number, article in enumerate(read_dataset(geo_dir / name, dataset), start=1):
                record = {"id": f"{dataset}-{number}", "text": article.text, "outlet": dataset}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} articles -> {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/geo_corpus.py GEO_DIR OUT.jsonl")
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
