"""Reuse suggestions: TF-IDF text similarity in pure Python over the system register and open proposals.

Text is lower-cased, split on anything that is not a letter or digit (å, ä, ö, é count as letters),
stop words are dropped and common Swedish inflection endings are stripped (a light stemmer, so
"elevernas" and "elev" meet). Each document becomes a TF-IDF vector,

    weight(term) = (1 + log tf) × log((1 + N) / (1 + df)) + 1,

and documents are ranked by cosine similarity with the query. `rank_documents` is pure; `reuse_suggestions`
builds the corpus for a procurement case: systems not retired (name, description, capabilities) and other
ICT groups' open proposals (title, description).
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from maintenance_plans.models import System
from portfolio.models import Proposal

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)

STOP_WORDS = frozenset(
    """
och i att det som en på är av för med till den har de inte om ett han hon men var jag sig från vi så
kan man när år säga nu också efter under då sin här vid mot alla där ska skall vara bli blir blev
eller även dess detta dessa denna vilka vilken vilket varje inom utan genom samt mellan hos än via
ny nya nytt mer mycket många andra annan annat sådan sådana hur vad vem vilka all allt alla bara
the and of for to in a an on with by is are be or as at from this that it its
system systemet systemen stöd verktyg lösning lösningen tjänst
""".split()
)

# Longest first; a suffix is stripped only if at least MIN_STEM letters remain.
SUFFIXES = tuple(
    sorted(
        """
arnas ernas ornas andes endes arna erna orna ande ende ades heten heter hetens het
aste are ast ens ets ers ars ors na en an et er ar or ad at as es a e s
""".split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 4


def stem(token: str) -> str:
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_STEM:
            return token[: -len(suffix)]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, punctuation-free, stop-word-free, lightly stemmed tokens."""
    tokens = []
    for raw in TOKEN_RE.findall((text or "").lower()):
        if raw in STOP_WORDS or len(raw) < 2 or raw.isdigit():
            continue
        tokens.append(stem(raw))
    return tokens


@dataclass(frozen=True)
class Document:
    kind: str  # "system" | "proposal"
    id: int
    label: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class Suggestion:
    document: Document
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _idf(docs: Sequence[Counter], extra: Counter) -> dict[str, float]:
    n = len(docs) + 1
    df: Counter = Counter()
    for counts in (*docs, extra):
        df.update(counts.keys())
    return {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}


def _vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    return {t: (1 + math.log(tf)) * idf[t] for t, tf in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def rank_documents(
    query: str, documents: Iterable[Document], *, limit: int = 10, min_score: float = 0.05
) -> list[Suggestion]:
    """The documents most similar to `query`, best first (ties by label), above `min_score`."""
    documents = list(documents)
    counts = [Counter(tokenize(d.text)) for d in documents]
    query_counts = Counter(tokenize(query))
    if not query_counts:
        return []
    idf = _idf(counts, query_counts)
    q = _vector(query_counts, idf)
    scored = [Suggestion(d, _cosine(q, _vector(c, idf))) for d, c in zip(documents, counts, strict=True)]
    scored = [s for s in scored if s.score >= min_score]
    scored.sort(key=lambda s: (-s.score, s.document.label))
    return scored[:limit]


# The corpus of a procurement case ---------------------------------------------------------------


def _url(name: str, pk: int) -> str:

    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def case_query_text(case) -> str:
    parts = [case.title, case.description]
    if case.proposal_id:
        parts += [case.proposal.title, case.proposal.description, case.proposal.needs_analysis]
    return "\n".join(p for p in parts if p)


def case_corpus(case, *, user=None) -> list[Document]:
    """Systems not retired and other ICT groups' open proposals (that `user` may read)."""

    docs = [
        Document(
            "system",
            pk,
            name,
            f"{name} {name} {description} {capabilities}",
            _url("maintenance_plans:system-detail", pk),
        )
        for pk, name, description, capabilities in System.objects.active()
        .exclude(pk=case.system_id or 0)
        .values_list("pk", "name", "description", "capabilities")
    ]
    proposals = Proposal.objects.open()
    if user is not None:
        proposals = proposals.visible_to(user)
    if case.proposal_id:
        proposals = proposals.exclude(pk=case.proposal_id).exclude(owning_group_id=case.proposal.owning_group_id)
    for pk, reference, title, description, group in proposals.values_list(
        "pk", "reference", "title", "description", "owning_group__name"
    ):
        docs.append(
            Document(
                "proposal",
                pk,
                f"{reference} {title} ({group})",
                f"{title} {title} {description}",
                _url("portfolio:proposal-detail", pk),
            )
        )
    return docs


def reuse_suggestions(case, *, user=None, limit: int = 8) -> list[Suggestion]:
    return rank_documents(case_query_text(case), case_corpus(case, user=user), limit=limit)
