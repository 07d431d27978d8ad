"""Where extraction runs: Documents -> DocumentExtraction records.

One process today; parallel and distributed engines plug in here without the
rest of the run (resolution, mapping, validation, storing) changing.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .extract import extract
from .nlp.loader import load_pipeline
from .records import Document, DocumentExtraction

Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    pass


def extract_all(documents: Sequence[Document], model: str | None, batch_size: int = 16,
                progress: Progress = _noop, workers: int = 1, engine: str = "local",
                scheduler: str | None = None) -> list[DocumentExtraction]:
    """Parse and extract every document, in input order.

    ``workers`` > 1 and ``engine="dask"`` are for parallel runs (see bench/).
    """
    if workers != 1 or engine != "local":
        raise NotImplementedError("parallel engines are not built yet")
    nlp = load_pipeline(model)
    gazetteer = nlp.get_pipe("caveat_gazetteer").gazetteer
    out = []
    texts = (d.text for d in documents)
    for n, (document, doc) in enumerate(zip(documents, nlp.pipe(texts, batch_size=batch_size)), 1):
        out.append(extract(document, doc, gazetteer))
        progress("extract", n, len(documents))
    return out
