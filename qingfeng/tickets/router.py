"""The ticket router: proposes the responsible department from a message's text.

A classifier (character n-grams → linear SVM with calibrated probabilities) predicts the first-level
category; it is trained on the city's labelled messages plus the category taxonomy (each second- and
third-level category name is a short example of its first-level class). The responsibility list maps a
category to the department that answers for it, and its keywords add hints of their own. When the best
department's confidence is below ``ROUTER_MIN_CONFIDENCE`` the ticket waits for a human dispatcher.

The model is built from the data folder on first use (or by ``qingfeng router train``) and cached under
DATA_DIR/models, keyed by the data's hash; nothing is downloaded. Without the data folder the router uses
the responsibility list's keywords alone.
"""

import csv
import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .parameters import ROUTER_MIN_CONFIDENCE, router_data_dir

log = logging.getLogger(__name__)

LABELLED = "labelled-sample-495.csv"
TAXONOMY = "taxonomy.csv"
MODEL_VERSION = "1"  # bump when the features or the classifier change, so cached models are rebuilt
_NOISE = re.compile(r"[\sA-Za-z0-9_]+")
_lock = threading.Lock()
_cache: dict[str, object] = {}


def normalise(text: str) -> str:
    """Whitespace, Latin letters and digits removed: the masked place names (A市, A3区) and numbers carry no
    category, and citizens' spacing varies."""
    return _NOISE.sub("", str(text or ""))


def _title(pairs):
    return [p[0] for p in pairs]


def _body(pairs):
    return [p[1] for p in pairs]


def build_pipeline(calibrated: bool = True):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("title", make_pipeline(FunctionTransformer(_title), TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True))),
        ("body", make_pipeline(FunctionTransformer(_body), TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True))),
    ])
    svm = LinearSVC(C=0.3, class_weight="balanced")
    return make_pipeline(features, CalibratedClassifierCV(svm, cv=3) if calibrated else svm)


@dataclass
class TrainingData:
    texts: list[tuple[str, str]]  # (title, body), normalised
    labels: list[str]
    taxonomy: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    digest: str = ""


def read_training_data(folder: Path | None = None) -> TrainingData | None:
    folder = Path(folder or router_data_dir())
    labelled, taxonomy = folder / LABELLED, folder / TAXONOMY
    if not labelled.exists():
        return None
    h = hashlib.sha256(MODEL_VERSION.encode())
    texts, labels, tax = [], [], []
    with labelled.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            texts.append((normalise(row["留言主题"]), normalise(row["留言详情"])))
            labels.append(row["一级分类"].strip())
    h.update(labelled.read_bytes())
    if taxonomy.exists():
        with taxonomy.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                if len(row) >= 3 and row[0] != "一级分类":
                    tax.append(((normalise(row[2]), normalise(row[1] + row[2])), row[0].strip()))
        h.update(taxonomy.read_bytes())
    return TrainingData(texts, labels, tax, h.hexdigest())


def train(data: TrainingData):
    x = data.texts + [t for t, _l in data.taxonomy]
    y = data.labels + [label for _t, label in data.taxonomy]
    return build_pipeline().fit(x, y)


def _model_path(digest: str) -> Path:
    return Path(settings.DATA_DIR) / "models" / f"ticket-router-{digest[:16]}.joblib"


def load_model(folder: Path | None = None):
    """The trained classifier, built from the data folder on first use and cached; None without data."""
    import joblib

    data_folder = Path(folder or router_data_dir())
    key = str(data_folder)
    with _lock:
        if key in _cache:
            return _cache[key]
        data = read_training_data(data_folder)
        model = None
        if data is not None:
            path = _model_path(data.digest)
            if path.exists():
                model = joblib.load(path)  # our own artefact, written below from the city's data
            else:
                model = train(data)
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                joblib.dump(model, tmp)
                tmp.replace(path)
        else:
            log.warning("ticket router: no training data at %s; routing by the responsibility list only", data_folder)
        _cache[key] = model
        return model


def evaluate(folder: Path | None = None, folds: int = 5, seed: int = 0) -> dict:
    """Macro-F1 of the shipped pipeline by stratified k-fold cross-validation on the labelled sample (the
    taxonomy examples join every training fold, never a test fold)."""
    from sklearn.metrics import classification_report, f1_score
    from sklearn.model_selection import StratifiedKFold

    data = read_training_data(folder)
    if data is None:
        raise FileNotFoundError(f"{Path(folder or router_data_dir()) / LABELLED} not found")
    predicted = [""] * len(data.labels)
    split = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in split.split(data.texts, data.labels):
        subset = TrainingData([data.texts[i] for i in train_idx], [data.labels[i] for i in train_idx], data.taxonomy)
        model = train(subset)
        for i, label in zip(test_idx, model.predict([data.texts[i] for i in test_idx]), strict=True):
            predicted[i] = label
    report = classification_report(data.labels, predicted, output_dict=True, zero_division=0)
    classes = sorted(set(data.labels))
    return {
        "macro_f1": round(float(f1_score(data.labels, predicted, average="macro")), 4),
        "accuracy": round(float(report["accuracy"]), 4),
        "folds": folds, "seed": seed, "messages": len(data.labels), "taxonomy_examples": len(data.taxonomy),
        "classes": {c: {"f1": round(report[c]["f1-score"], 4), "precision": round(report[c]["precision"], 4),
                        "recall": round(report[c]["recall"], 4), "support": int(report[c]["support"])} for c in classes},
    }


@dataclass(frozen=True)
class Proposal:
    category: str
    category_confidence: float
    department_id: int | None
    department_code: str
    department_name: str
    confidence: float
    keywords: tuple[str, ...]
    source: str  # model | keywords | none

    @property
    def confident(self) -> bool:
        return self.department_id is not None and self.confidence >= float(ROUTER_MIN_CONFIDENCE.value())


def category_probabilities(title: str, text: str, model=None) -> dict[str, float]:
    model = model if model is not None else load_model()
    if model is None:
        return {}
    probs = model.predict_proba([(normalise(title), normalise(text))])[0]
    return {str(c): float(p) for c, p in zip(model.classes_, probs, strict=True)}


def propose(title: str, text: str, *, model=None, responsibilities=None) -> Proposal:
    """The department the text most likely belongs to, with the category and how sure the router is.

    A department's score is the probability of the categories it answers for, plus 0.15 per keyword of its
    responsibility lines found in the text (at most 0.45), capped at 1.
    """
    from .models import Responsibility

    probs = category_probabilities(title, text, model)
    lines = list(responsibilities if responsibilities is not None else Responsibility.objects.select_related("department"))
    full = f"{title} {text}"
    scores: dict[int, float] = {}
    hits: dict[int, list[str]] = {}
    depts = {}
    for line in lines:
        dept = line.department
        depts[dept.pk] = dept
        scores.setdefault(dept.pk, 0.0)
        if line.category:
            scores[dept.pk] = max(scores[dept.pk], probs.get(line.category, 0.0))
        found = [w for w in line.keyword_list() if w in full]
        if found:
            hits.setdefault(dept.pk, []).extend(found)
    for pk, words in hits.items():
        scores[pk] = scores.get(pk, 0.0) + min(0.15 * len(set(words)), 0.45)
    category, category_p = (max(probs.items(), key=lambda kv: kv[1]) if probs else ("", 0.0))
    if not scores or max(scores.values()) <= 0:
        return Proposal(category, round(category_p, 4), None, "", "", 0.0, (), "none")
    best = max(scores, key=lambda pk: (scores[pk], -pk))
    dept = depts[best]
    source = "model" if probs else "keywords"
    return Proposal(category, round(category_p, 4), dept.pk, dept.code, dept.name, round(min(scores[best], 1.0), 4),
                    tuple(sorted(set(hits.get(best, [])))), source)
