"""Labelled sentences for the sentiment demo: SST-2, a generated word-order set, and uploaded CSVs.

- `sst2`: GLUE's SST-2 `train.tsv` (67,349 phrases) and `dev.tsv` (872 sentences) from `<data dir>/sst2/`;
  when missing they are downloaded there from GLUE's archive, and offline `DatasetUnavailable` names the
  alternatives. Columns are found by header name (`sentence` or `content`, and `label`), so GLUE's own
  column order and the shared copy's both work. Files are parsed once per process (cached by path, size
  and modification time; they are never uploads).
- `word-order`: 5,000 distinct sentences generated from templates (fixed seed): negation ("was not bad"),
  contrast ("dull but moving": the clause after "but" wins) and "not only ... but also". "good but boring"
  and "boring but good" share their words and have opposite labels, so a bag of words cannot solve it.
- `parse_labelled_csv(bytes)`: an upload with a text column and a binary label column -> `LabelledText`
  (80/20 stratified split); `CsvError` says what is wrong in one sentence.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.datasets import DatasetUnavailable
from core.tabular import CsvError, _decode

SENTIMENT_DATASETS = ("word-order", "sst2")
SST2_URL = "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip"
SST2_FILES = ("train.tsv", "dev.tsv")
MAX_UPLOAD_ROWS = 50_000
MAX_UPLOAD_TEXT = 2_000     # characters kept per uploaded text
_cache: dict[tuple, tuple] = {}


@dataclass
class LabelledText:
    train_text: list[str]
    train_y: list[int]
    dev_text: list[str]
    dev_y: list[int]
    classes: tuple[str, ...]   # class names, index = label
    dataset_id: str


# --- SST-2 -------------------------------------------------------------------------------------------
def _sst2_paths(data_dir: str) -> list[Path]:
    folder = Path(data_dir) / "sst2"
    if not all((folder / name).is_file() for name in SST2_FILES):
        _download_sst2(folder)
    return [folder / name for name in SST2_FILES]


def sst2_available(data_dir: str) -> bool:
    """True when SST-2's files are already on disk (so choosing it costs no download)."""
    return all((Path(data_dir) / "sst2" / name).is_file() for name in SST2_FILES)


def _download_sst2(folder: Path) -> None:
    try:
        with urllib.request.urlopen(SST2_URL, timeout=20) as response:
            archive = zipfile.ZipFile(io.BytesIO(response.read()))
        folder.mkdir(parents=True, exist_ok=True)
        for name in SST2_FILES:
            (folder / name).write_bytes(archive.read(f"SST-2/{name}"))
    except Exception as err:  # URLError, timeouts, a changed archive: all mean "not available here"
        raise DatasetUnavailable(
            f"SST-2 needs train.tsv and dev.tsv in {folder} and could not be downloaded ({type(err).__name__}); "
            "this machine seems to be offline. Choose 'word-order' (generated, no download), upload a CSV, or "
            "point --data-dir (DLDEMO_DATA_DIR) at a folder holding sst2/.") from None


def _cached(path: Path, build):
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, build.__name__)
    if key not in _cache:
        _cache[key] = build(path)
    return _cache[key]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def read_sst2_tsv(path: Path) -> tuple[list[str], list[int]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    text_col = next((i for i, name in enumerate(header) if name in ("sentence", "content")), None)
    if text_col is None or "label" not in header:
        raise DatasetUnavailable(f"{path} has no 'sentence' (or 'content') and 'label' columns.")
    label_col = header.index("label")
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    return [r[text_col] for r in rows], [int(r[label_col]) for r in rows]


def sentiment_dataset_id(name: str, data_dir: str) -> str:
    if name == "sst2":
        return "sst2:" + "-".join(_cached(p, _digest) for p in _sst2_paths(data_dir))
    if name == "word-order":
        return "word-order:v1-4000-1000"
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(SENTIMENT_DATASETS)}.")


def load_sentiment_dataset(name: str, data_dir: str) -> LabelledText:
    if name == "sst2":
        (train_text, train_y), (dev_text, dev_y) = (_cached(p, read_sst2_tsv) for p in _sst2_paths(data_dir))
        return LabelledText(train_text, train_y, dev_text, dev_y, ("negative", "positive"),
                            sentiment_dataset_id(name, data_dir))
    if name == "word-order":
        return word_order_dataset()
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(SENTIMENT_DATASETS)}.")


# --- the generated word-order set ----------------------------------------------------------------------
SUBJECTS = ("the film", "this movie", "the plot", "the acting", "the script", "the ending", "the cast",
            "the soundtrack", "the story", "the director 's vision")
VERBS = ("is", "was", "felt", "seemed")
INTENSIFIERS = ("", "really ", "very ", "quite ", "so ")
POSITIVE = ("good", "great", "funny", "moving", "clever", "charming", "brilliant", "fresh", "gripping", "warm")
NEGATIVE = ("bad", "boring", "dull", "awful", "bland", "clumsy", "tedious", "weak", "predictable", "flat")


def _word_order_sentence(rng: random.Random) -> tuple[str, int]:
    """One templated sentence and its label (1 = positive)."""
    subject, verb, very = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(INTENSIFIERS)
    first_positive, second_positive = rng.random() < 0.5, rng.random() < 0.5
    if rng.random() < 0.8:  # contrasts mostly join opposite words, so the order decides
        second_positive = not first_positive
    a = rng.choice(POSITIVE if first_positive else NEGATIVE)
    b = rng.choice(POSITIVE if second_positive else NEGATIVE)
    template = rng.randrange(6)
    if template == 0:
        return f"{subject} {verb} {very}{a}", int(first_positive)
    if template == 1:
        return f"{subject} {verb} not {very}{a}", int(not first_positive)
    if template == 2:
        return f"{subject} {verb} {very}{a} but {b}", int(second_positive)
    if template == 3:
        return f"{subject} {verb} {a} but not {very}{b}", int(not second_positive)
    if template == 4:
        return f"although {subject} {verb} {a} , it {verb} {very}{b}", int(second_positive)
    return f"{subject} {verb} not {a} but {very}{b}", int(second_positive)


def word_order_dataset(n_train: int = 4000, n_dev: int = 1000) -> LabelledText:
    rng = random.Random(0)
    seen: dict[str, int] = {}
    while len(seen) < n_train + n_dev:
        text, label = _word_order_sentence(rng)
        seen.setdefault(text, label)
    items = list(seen.items())
    train, dev = items[:n_train], items[n_train:]
    return LabelledText([t for t, _ in train], [y for _, y in train], [t for t, _ in dev], [y for _, y in dev],
                        ("negative", "positive"), sentiment_dataset_id("word-order", ""))


# --- uploads ------------------------------------------------------------------------------------------------
TEXT_NAMES, LABEL_NAMES = ("text", "sentence", "review", "content"), ("label", "sentiment", "class", "target")


def parse_labelled_csv(data: bytes, dev_share: float = 0.2) -> LabelledText:
    """A CSV with a header naming a text column and a label column with exactly two distinct values."""
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t|", key=first.count)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(row)]
    except csv.Error as err:
        raise CsvError(f"The file is not valid CSV ({err}).") from None
    header = [cell.strip().lower() for cell in rows[0]]
    text_col = next((header.index(n) for n in TEXT_NAMES if n in header), None)
    label_col = next((header.index(n) for n in LABEL_NAMES if n in header), None)
    if text_col is None or label_col is None:
        raise CsvError("The first row must name a text column (text, sentence, review or content) and a label "
                       "column (label, sentiment, class or target).")
    body = [r for r in rows[1:] if len(r) > max(text_col, label_col) and r[text_col].strip() and r[label_col].strip()]
    if len(body) > MAX_UPLOAD_ROWS:
        raise CsvError(f"The file has more than {MAX_UPLOAD_ROWS:,} usable rows; upload a sample of it.")
    labels = sorted({r[label_col].strip() for r in body})
    if len(labels) != 2:
        raise CsvError(f"The label column must hold exactly two different values; found {len(labels)}"
                       + (f" ({', '.join(labels[:5])}{', ...' if len(labels) > 5 else ''})." if labels else "."))
    pairs = [(r[text_col].strip()[:MAX_UPLOAD_TEXT], labels.index(r[label_col].strip())) for r in body]
    counts = [sum(y == k for _, y in pairs) for k in (0, 1)]
    if min(counts) < 5:
        raise CsvError(f"Each label needs at least 5 rows to train and test on; found {counts[0]} '{labels[0]}' "
                       f"and {counts[1]} '{labels[1]}'.")
    rng = random.Random(0)
    train, dev = [], []
    for k in (0, 1):  # stratified: the dev share of each class
        group = [p for p in pairs if p[1] == k]
        rng.shuffle(group)
        cut = max(1, round(dev_share * len(group)))
        dev += group[:cut]
        train += group[cut:]
    rng.shuffle(train)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return LabelledText([t for t, _ in train], [y for _, y in train], [t for t, _ in dev], [y for _, y in dev],
                        tuple(labels), f"upload:{digest}")
