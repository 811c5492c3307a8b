"""What a use-case text says beyond its task: the languages it must handle and its domain.

Both are read from the text with transparent rules (scripts, language names, domain keywords in
English and Japanese), so every inference comes with the phrases that drove it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["DOMAINS", "DomainGuess", "LanguageGuess", "detect_domain", "detect_languages"]

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")

#: Language names users write -> ISO 639-1.
_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "英語", "英文", "英訳"),
    "ja": ("japanese", "日本語", "和文", "和訳"),
    "zh": ("chinese", "mandarin", "中国語", "中文", "繁体字", "簡体字"),
    "ko": ("korean", "韓国語", "ハングル"),
    "vi": ("vietnamese", "ベトナム語"),
    "th": ("thai", "タイ語"),
    "id": ("indonesian", "インドネシア語"),
    "es": ("spanish", "スペイン語"),
    "fr": ("french", "フランス語"),
    "de": ("german", "ドイツ語"),
    "pt": ("portuguese", "ポルトガル語"),
    "it": ("italian", "イタリア語"),
    "ru": ("russian", "ロシア語"),
    "ar": ("arabic", "アラビア語"),
    "hi": ("hindi", "ヒンディー語"),
}
_MULTILINGUAL = ("multilingual", "multi-lingual", "many languages", "多言語", "各国語", "他言語")


@dataclass(frozen=True)
class LanguageGuess:
    written_in: str | None  #: ISO 639-1 code of the text itself, None if undecidable
    languages: list[str]  #: languages the solution must handle: written_in + mentioned
    multilingual: bool  #: the text asks for many languages without naming them all
    evidence: list[str] = field(default_factory=list)


def detect_languages(text: str) -> LanguageGuess:
    """The text's own language (from its script) plus the languages it names.

    >>> detect_languages("英語と中国語の問い合わせにも対応したい").languages
    ['ja', 'en', 'zh']
    """
    norm = unicodedata.normalize("NFKC", text)
    lowered = norm.lower()
    kana, han = len(_KANA.findall(norm)), len(_HAN.findall(norm))
    hangul, latin = len(_HANGUL.findall(norm)), len(_LATIN.findall(norm))
    evidence: list[str] = []
    written: str | None = None
    if kana:
        written = "ja"
        evidence.append(f"written in Japanese ({kana} kana)")
    elif hangul and hangul >= latin / 4:
        written = "ko"
        evidence.append("written in Korean (hangul)")
    elif han and han >= latin / 4:
        written = "zh"
        evidence.append("written in Chinese (han characters, no kana)")
    elif latin:
        written = "en"
        evidence.append("written in Latin script (taken as English)")
    languages = [written] if written else []
    for code, names in _LANGUAGE_NAMES.items():
        for name in names:
            if _mentions(lowered, name) and code not in languages:
                languages.append(code)
                evidence.append(f"mentions '{name}'")
                break
    multilingual = any(_mentions(lowered, word) for word in _MULTILINGUAL)
    if multilingual:
        evidence.append("asks for multilingual support")
    return LanguageGuess(written, languages, multilingual, evidence)


def _mentions(lowered: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}\b", lowered) is not None
    return word in lowered


#: Domain -> keywords (lower-case English, or Japanese). A hit counts once per keyword.
DOMAINS: dict[str, tuple[str, ...]] = {
    "medical": (
        "medical",
        "clinical",
        "clinic",
        "patient",
        "hospital",
        "doctor",
        "nurse",
        "diagnos",
        "radiology",
        "pharma",
        "ehr",
        "health",
        "医療",
        "臨床",
        "患者",
        "病院",
        "診療",
        "カルテ",
        "医師",
        "看護",
        "薬",
        "診断",
        "電子カルテ",
        "治験",
    ),
    "legal": (
        "legal",
        "law",
        "lawyer",
        "contract",
        "clause",
        "litigation",
        "compliance",
        "court",
        "regulation",
        "statute",
        "法務",
        "契約",
        "弁護士",
        "訴訟",
        "条項",
        "法令",
        "判例",
        "コンプライアンス",
        "規約",
        "知財",
        "特許",
    ),
    "finance": (
        "finance",
        "financial",
        "bank",
        "banking",
        "insurance",
        "invoice",
        "accounting",
        "audit",
        "loan",
        "trading",
        "securities",
        "earnings",
        "金融",
        "銀行",
        "保険",
        "請求書",
        "会計",
        "経理",
        "監査",
        "融資",
        "証券",
        "決算",
        "財務",
        "与信",
    ),
    "code": (
        "code",
        "coding",
        "developer",
        "programming",
        "repository",
        "pull request",
        "ide",
        "refactor",
        "unit test",
        "python",
        "java",
        "typescript",
        "sql",
        "コード",
        "プログラム",
        "開発者",
        "リポジトリ",
        "エンジニア",
        "リファクタ",
        "テストコード",
        "実装",
    ),
    "manufacturing": (
        "manufacturing",
        "factory",
        "production line",
        "defect",
        "maintenance",
        "plant",
        "製造",
        "工場",
        "生産",
        "不良",
        "保全",
        "設備",
        "品質管理",
        "検品",
    ),
    "retail": (
        "retail",
        "e-commerce",
        "ecommerce",
        "shop",
        "store",
        "product catalog",
        "customers",
        "小売",
        "通販",
        "ec",
        "店舗",
        "商品",
        "ec サイト",
        "購入",
    ),
    "education": (
        "education",
        "student",
        "teacher",
        "school",
        "university",
        "course",
        "homework",
        "教育",
        "学生",
        "生徒",
        "先生",
        "学校",
        "大学",
        "授業",
        "宿題",
        "教材",
    ),
    "government": (
        "government",
        "public sector",
        "municipal",
        "city hall",
        "citizen",
        "ministry",
        "行政",
        "自治体",
        "市役所",
        "役所",
        "住民",
        "官公庁",
        "省庁",
    ),
    "games": ("game", "gaming", "npc", "player", "ゲーム", "プレイヤー", "キャラクター"),
}


@dataclass(frozen=True)
class DomainGuess:
    domain: str  #: the dominant domain, "general" when no keyword matched
    confidence: float  #: 0..1, grows with the number of matching keywords
    scores: dict[str, int]  #: keyword hits per domain
    evidence: list[str] = field(default_factory=list)


def detect_domain(text: str) -> DomainGuess:
    """The dominant domain by keyword hits, with the keywords that matched.

    >>> detect_domain("電子カルテから患者の既往歴を抜き出したい").domain
    'medical'
    """
    lowered = unicodedata.normalize("NFKC", text).lower()
    hits = {
        domain: [w for w in words if _mentions(lowered, w) or (len(w) > 4 and w in lowered)]
        for domain, words in DOMAINS.items()
    }
    scores = {d: len(ws) for d, ws in hits.items() if ws}
    if not scores:
        return DomainGuess("general", 0.0, {}, [])
    # most keyword hits wins; on a tie, the domain named first in the text ("medical licensing
    # exam questions for a university" is medical, not education)
    first = {d: min(lowered.find(w.lower()) % (len(lowered) + 1) for w in hits[d]) for d in scores}
    best = min(scores, key=lambda d: (-scores[d], first[d], d))
    total = sum(scores.values())
    confidence = round((scores[best] / total) * min(1.0, scores[best] / 2), 3)
    return DomainGuess(best, confidence, scores, [f"'{w}'" for w in hits[best]])
