"""Reading French, Spanish, Russian and Arabic texts (issue 29): the tricky forms, each on a short
snippet written for the test (not copied from ../shared/samples-un6), one row per language where
the form exists in it."""

from __future__ import annotations

import pytest

from palermo import lang as langs
from palermo.dates import ranges
from palermo.extract import actors, citations, meetings, recommendations
from palermo.extract.context import Context
from palermo.extract.gazetteer import countries_in
from palermo.models import AgendaItemFact, CitationFact, MeetingFact, ParticipationFact
from palermo.reader import parse
from palermo.text import clean_lines

# A session's report whose masthead, title and contents a mirror flattened onto one line: the contents
# word and its column heads, entries closed by leaders (two dots before a page number count) and page
# numbers, a heading after the last entry. The acts the contents list are that session's.
FLATTENED = [
    (
        "fr",
        "Nations Unies CTOC/COP/2030/41 Conférence des Parties Distr. générale 3 mars 2030 Original : anglais "
        "Rapport de la Conférence des Parties sur les travaux de sa douzième session Table des matières Page "
        "I. Résolutions et décisions adoptées ........ 3 A. Résolutions ..... 3 12/1. Examen du budget "
        "........ 4 B. Décisions ..... 6 12/1. Lieu de la treizième session .. 6 12/2. Ordre du jour .. 7 "
        "II. Ouverture de la session",
        "douzième session",
        [("COP", "resolution", "12/1"), ("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
    (
        "es",
        "Naciones Unidas CTOC/COP/2030/41 Distr. general 3 de marzo de 2030 Original: inglés Informe de la "
        "Conferencia de las Partes sobre su duodécimo período de sesiones Índice Párrafos Página "
        "I. Decisiones adoptadas por la Conferencia ........ 1 3 12/1. Examen del presupuesto ....... 4 "
        "12/2. Lugar del próximo período de sesiones ...... 2-3 5 II. Introducción",
        "duodécimo período de sesiones",
        [("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
    (
        "ru",
        "Организация Объединенных Наций CTOC/COP/2030/41 Distr.: General 3 March 2030 Original: English "
        "Доклад Конференции участников о работе ее двенадцатой сессии Содержание Глава Стр. "
        "I. Решения, принятые Конференцией ........ 5 12/1. Рассмотрение бюджета ....... 6 "
        "12/2. Место проведения следующей сессии ........ 7 II. Введение",
        "двенадцатой сессии",
        [("COP", "decision", "12/1"), ("COP", "decision", "12/2")],
    ),
]


@pytest.mark.parametrize(("code", "text", "title_end", "acts"), FLATTENED, ids=[c[0] for c in FLATTENED])
def test_a_flattened_contents_list_is_cut_into_its_entries(
    code: str, text: str, title_end: str, acts: list[tuple[str, ...]]
) -> None:
    doc = parse(text + "\n", "t.txt")
    assert doc.language == code
    assert [b.text[-len(title_end) :] for b in doc.blocks if b.kind == "header"] == [title_end]
    title = Context(doc).masthead.title  # the report's title runs from its type's words to the contents
    assert title is not None and title.value.startswith(("Rapport", "Informe", "Доклад"))
    assert title.value.endswith(title_end)
    entries = [b.text for b in doc.blocks if b.kind == "toc"]
    assert entries[0].startswith("I. ") and all(e[-1].isdigit() for e in entries)
    assert [b.kind for b in doc.blocks][-1] == "heading"  # "II. …" after the last entry: the body
    listed = [
        (f.act.body, f.act.kind, f.act.number)
        for f in citations.extract(Context(doc))
        if isinstance(f, CitationFact) and f.act is not None
    ]
    assert listed == acts


@pytest.mark.parametrize(
    "text",
    [
        # the word in running text, with an ellipsis after it: not a contents list
        "Nations Unies\n\nLe Groupe a examiné la table des matières du rapport ... et l'a approuvée ... sans débat.\n",
        "Организация Объединенных Наций\n\nСодержание доклада ... было одобрено ... Группой.\n",
    ],
)
def test_the_contents_word_in_running_text_is_no_contents_list(text: str) -> None:
    assert not [b for b in parse(text, "t.txt").blocks if b.kind == "toc"]


@pytest.mark.parametrize(
    ("code", "token", "n"),
    [
        ("es", "undécimo", 11),  # the UN's 11th and 12th, where num2words says "décimo primero"
        ("es", "duodécima", 12),
        ("es", "decimotercer", 13),  # a compound in one word, its first part unaccented
        ("es", "vigesimoprimer", 21),
        ("es", "décimo tercer", 13),
        ("es", "quincuagésimo séptimo", 57),
    ],
)
def test_ordinals_in_every_spelling(code: str, token: str, n: int) -> None:
    assert langs.load(code).number(token) == n


# Acts as Arabic cites them: an old General Assembly resolution's session with the letter د ("الدورة")
# and an Arabic figure, read as the Roman numeral of its symbol; a dual ("قراريها") naming its second act
# past the first one's date; spaces round the slash.
ARABIC_ACTS = [
    (
        "وإذ تشير إلى قرارها 317 (د - 4) المؤرخ 2 كانون الأول/ديسمبر 1949،",
        [("GA", "resolution", "317 (IV)", "1949-12-02")],
    ),
    ("وإذ تشير إلى قرارها 2200 ألف (د-21)،", []),  # a lettered resolution the table does not read: nothing wrong
    (
        "إذ تشير إلى قراريها 55 / 25 المؤرخ 15 تشرين الثاني/نوفمبر 2000 و 55 / 255 المؤرخ 31 أيار/مايو 2001،",
        [("GA", "resolution", "55/25", "2000-11-15"), ("GA", "resolution", "55/255", "2001-05-31")],
    ),
]


@pytest.mark.parametrize(("sentence", "acts"), ARABIC_ACTS)
def test_arabic_acts(sentence: str, acts: list[tuple[str, ...]]) -> None:
    doc = parse("إن الجمعية العامة،\n\n" + sentence + "\n", "t.txt")
    found = [
        (f.act.body, f.act.kind, f.act.number, f.act_date)
        for f in citations.extract(Context(doc))
        if isinstance(f, CitationFact) and f.act is not None
    ]
    assert found == acts


# An older masthead as a mirror gives it: the page's foot first (the agenda footnote's text, its "*"
# on a line of its own), the agenda line's "*" on a line of its own, a title set in capitals over two
# lines. The marker lines open no footnote, the note's symbol is cited (not the document's own), and
# the capitals' second line goes on with the title.
OLD_MASTHEADS = [
    (
        "E/CN.15/2003/1.\n*\nNACIONES\nUNIDAS\nConsejo Económico y Social\nDistr. GENERAL\nE/CN.15/2003/7\n"
        "5 de marzo de 2003\nESPAÑOL\nOriginal: INGLÉS\nTema 4 del programa provisional\n*\n"
        "COOPERACIÓN INTERNACIONAL EN LA LUCHA CONTRA\nLA DELINCUENCIA ORGANIZADA TRANSNACIONAL\n"
        "Informe del Secretario General\n",
        "E/CN.15/2003/7",
        "COOPERACIÓN INTERNACIONAL EN LA LUCHA CONTRA LA DELINCUENCIA ORGANIZADA TRANSNACIONAL",
    ),
    (
        "E/CN.15/2003/1.\n*\nNATIONS\nUNIES\nConseil économique et social\nDistr. GÉNÉRALE\nE/CN.15/2003/7\n"
        "5 mars 2003\nFRANÇAIS\nOriginal : ANGLAIS\nPoint 4 de l'ordre du jour provisoire\n*\n"
        "COOPÉRATION INTERNATIONALE DANS LA LUTTE CONTRE\nLA CRIMINALITÉ TRANSNATIONALE ORGANISÉE\n"
        "Rapport du Secrétaire général\n",
        "E/CN.15/2003/7",
        "COOPÉRATION INTERNATIONALE DANS LA LUTTE CONTRE LA CRIMINALITÉ TRANSNATIONALE ORGANISÉE",
    ),
]


@pytest.mark.parametrize(("text", "symbol", "title"), OLD_MASTHEADS, ids=["es", "fr"])
def test_an_older_masthead_under_its_page_foot(text: str, symbol: str, title: str) -> None:
    doc = parse(text, "t.txt")
    assert not [b for b in doc.blocks if b.kind == "footnote"]
    ctx = Context(doc)
    assert ctx.masthead.symbol is not None and ctx.masthead.symbol.value == symbol
    assert ctx.masthead.title is not None and ctx.masthead.title.value == title
    cited = [f.symbol for f in citations.extract(ctx) if isinstance(f, CitationFact) and f.target_kind == "document"]
    assert cited == ["E/CN.15/2003/1"]


# A masthead run into one long line far from the top, its words glued to the letters round them: the
# symbol right before the distribution field is the document's, not one the text cites before it.
FLATTENED_MASTHEADS = [
    "ترويسة الصفحة\n" + "نص مشوه " * 120 + "انظر A/HRC/29/38 في التقرير السابق " + "نص مشوه " * 20
    + "اA/HRC/99/41 لعامة الجمعية اDistr.: General 3 May 2030 Arabic Original: English\n",
    "Haut de page\n" + "texte abîmé " * 120 + "voir A/HRC/29/38 dans le rapport " + "texte abîmé " * 20
    + "Assemblée générale A/HRC/99/41 Distr. : General 3 mai 2030 Français Original : anglais\n",
]


@pytest.mark.parametrize("text", FLATTENED_MASTHEADS, ids=["ar", "fr"])
def test_the_symbol_before_the_distribution_field_is_the_document_s(text: str) -> None:
    ctx = Context(parse(text, "t.txt"))
    assert ctx.masthead.symbol is not None and ctx.masthead.symbol.value == "A/HRC/99/41"


# A Security Council presidential statement cited by its number alone is the document S/PRST/<number>;
# with its symbol printed, the symbol is read (once).
PRESIDENTIAL = [
    "Совет Безопасности,\n\nссылаясь на заявление Председателя 2015/25 и на заявления Председателя S/PRST/2016/2,\n",
    "Le Conseil de sécurité,\n\nRappelant la déclaration de son président 2015/25 et la déclaration S/PRST/2016/2,\n",
    "El Consejo de Seguridad,\n\nRecordando la declaración de su Presidencia 2015/25 y la S/PRST/2016/2,\n",
    "إن مجلس الأمن،\n\nإذ يشير إلى البيان الرئاسي 2015 / 25 وإلى بيان رئيسه S/PRST/2016/2،\n",
]


@pytest.mark.parametrize("text", PRESIDENTIAL, ids=["ru", "fr", "es", "ar"])
def test_a_presidential_statement_by_its_number(text: str) -> None:
    facts = citations.extract(Context(parse(text, "t.txt")))
    cited = [f.symbol for f in facts if isinstance(f, CitationFact) and f.target_kind == "document"]
    assert cited == ["S/PRST/2015/25", "S/PRST/2016/2"]


# Acts and articles in running text, as a Conference's text cites them: a plural kind's second number
# past the first one's date; a session-numbered act whose session the Conference never held is the
# General Assembly's; the paragraph after the article ("artículo 32, párrafo 3").
HEADS = {
    "fr": "La Conférence des Parties,",
    "es": "La Conferencia de las Partes,",
    "ru": "Конференция участников,",
    "ar": "إن مؤتمر الأطراف،",
}
CITED = [
    (
        "fr",
        "Rappelant les résolutions 61/144 du 19 décembre 2006 et 63/156 du 18 décembre 2008,",
        [("act", "GA", "resolution", "61/144", "2006-12-19"), ("act", "GA", "resolution", "63/156", "2008-12-18")],
    ),
    (
        "es",
        "Recordando las resoluciones 61/144, de 19 de diciembre de 2006, y 63/156, de 18 de diciembre de 2008,",
        [("act", "GA", "resolution", "61/144", "2006-12-19"), ("act", "GA", "resolution", "63/156", "2008-12-18")],
    ),
    (
        "ru",
        "ссылаясь на резолюции 61/144 от 19 декабря 2006 года и 63/156 от 18 декабря 2008 года,",
        [("act", "GA", "resolution", "61/144", "2006-12-19"), ("act", "GA", "resolution", "63/156", "2008-12-18")],
    ),
    (
        "es",
        "Recordando sus decisiones 4/4 y 5/2,",  # the plural of an unaccented kind
        [("act", "COP", "decision", "4/4", None), ("act", "COP", "decision", "5/2", None)],
    ),
    ("es", "Recordando el artículo 32, párrafo 3, de la Convención,", [("art", "UNTOC", 32, "3")]),
    (
        "es",
        "De conformidad con el párrafo 3 del artículo 32 de la Convención y el párrafo 2 del artículo 2 del "
        "reglamento de la Conferencia,",  # a rule's paragraph: the instrument is read after the article
        [("art", "UNTOC", 32, "3"), ("art", "COP-ROP", 2, "2")],
    ),
    (
        "es",
        "Recordando el artículo 18, párrafos 13 y 14, de la Convención,",
        [("art", "UNTOC", 18, "13"), ("art", "UNTOC", 18, "14")],
    ),
    (  # the short titles ("el Protocolo contra la Trata de Personas", "بروتوكول تهريب المهاجرين")
        "es",
        "Recordando los párrafos 1 y 2 del artículo 5 del Protocolo contra la Trata de Personas y el artículo 6 "
        "del Protocolo contra el Tráfico Ilícito de Migrantes,",
        [("art", "TIP", 5, "1"), ("art", "TIP", 5, "2"), ("art", "SOM", 6, None)],
    ),
    (
        "ar",
        "وإذ يشير إلى المادة 6 من بروتوكول تهريب المهاجرين والمادة 5 من بروتوكول الأسلحة النارية،",
        [("art", "SOM", 6, None), ("art", "FIREARMS", 5, None)],
    ),
]


@pytest.mark.parametrize(("code", "sentence", "expected"), CITED)
def test_acts_and_articles_in_running_text(code: str, sentence: str, expected: list[tuple[object, ...]]) -> None:
    doc = parse(f"{HEADS[code]}\n\n{sentence}\n", "t.txt")
    assert doc.language == code
    found: list[tuple[object, ...]] = []
    for f in citations.extract(Context(doc)):
        assert isinstance(f, CitationFact)
        if f.act is not None:
            found.append(("act", f.act.body, f.act.kind, f.act.number, f.act_date))
        elif f.target_kind == "article":
            found.append(("art", f.instrument, f.article, f.paragraph))
    assert found == expected


def test_an_arabic_document_s_paragraphs_chapters_and_sections() -> None:
    """Paragraphs numbered "1- …", chapters "أولا- …" (I), sections "ألف- …" (A); a paper's kind with who
    prepared it is its type line, and the title the line above it."""
    text = (
        "الأمم المتحدة\tCTOC/COP/WG.4/2030/2\nDistr.: General\n3 March 2030\nArabic\nOriginal: English\n\n"
        "الفريق العامل المعني بالاتجار بالأشخاص\nالبند 2 من جدول الأعمال المؤقت*\nتدابير حماية الضحايا\n\n"
        "ورقة معلومات أساسية من إعداد الأمانة\n\nأولا- مقدمة\n\n1- تتناول هذه الورقة …\n2 - وتعرض …\n"
        "ثانيا- الخلفية\nألف- الولاية\n3- قرر المؤتمر …\n"
    )
    doc = parse(text, "t.txt")
    body = [(b.kind, b.label) for b in doc.blocks if b.kind != "header"]
    assert body == [
        ("heading", "أولا"),
        ("paragraph", "1"),
        ("paragraph", "2"),
        ("heading", "ثانيا"),
        ("heading", "ألف"),
        ("paragraph", "3"),
    ]
    head = Context(doc).masthead
    assert head.value("doc_type") == "background-paper"
    assert head.title is not None and head.title.value == "تدابير حماية الضحايا"


# Meetings the running text names: ordinals that hold the letters of "and" ("тринадцатой", "vingt et
# unième"), a list of two, a participle of holding with the dates ("состоявшемся в Вене 3-5 июля").
MEETINGS = [
    (
        "Рабочая группа по торговле людьми",
        "На своем тринадцатом совещании, состоявшемся в Вене 3-5 июля 2029 года, Рабочая группа рекомендовала …",
        [("WG-TIP", 13, "2029-07-03", "2029-07-05")],
    ),
    (
        "Конференция участников",
        "На своих одиннадцатой и тринадцатой сессиях Конференция участников приняла …",
        [("COP", 11, None, None), ("COP", 13, None, None)],
    ),
    (  # a session's ordinal in figures, its body named past the dates
        "Conferencia de las Partes",
        "En su 13º período de sesiones, celebrado en Viena del 12 al 16 de octubre de 2030, la Conferencia de las "
        "Partes aprobó …",
        [("COP", 13, "2030-10-12", "2030-10-16")],
    ),
    (
        "Commission pour la prévention du crime et la justice pénale",
        "Lors de ses vingt et unième et vingt-deuxième sessions, la Commission pour la prévention du crime et la "
        "justice pénale a adopté …",
        [("CCPCJ", 21, None, None), ("CCPCJ", 22, None, None)],
    ),
]


@pytest.mark.parametrize(("heading", "sentence", "expected"), MEETINGS)
def test_meetings_in_running_text(heading: str, sentence: str, expected: list[tuple[object, ...]]) -> None:
    doc = parse(f"{heading}\n\n{sentence}\n", "t.txt")
    found = [
        (f.meeting.body, f.meeting.ordinal, f.meeting.start, f.meeting.end)
        for f in meetings.extract(Context(doc))
        if isinstance(f, MeetingFact) and f.evidence.block != doc.blocks[0].key
    ]
    assert found == expected


# A resolution's heading ("78/228. …", Arabic "78/228 - …"), its preambular and operative verbs as each
# language prints them: Russian in lower case after the body's line, Arabic operative paragraphs "1 - …".
RESOLUTIONS = [
    (
        "Организация Объединенных Наций\tA/RES/79/300\nГенеральная Ассамблея\nDistr.: General\n3 March 2030\n\n"
        "79/300. Борьба с торговлей людьми\n\nГенеральная Ассамблея,\n\nподтверждая свою резолюцию 64/293,\n\n"
        "будучи глубоко обеспокоена масштабами торговли людьми,\n\n1. настоятельно призывает государства …;\n\n"
        "2. просит Генерального секретаря представить доклад.\n",
        "Борьба с торговлей людьми",
    ),
    (
        "الأمم المتحدة\tA/RES/79/300\nالجمعية العامة\nDistr.: General\n3 March 2030\n\n"
        "79/300 - مكافحة الاتجار بالأشخاص\n\nإن الجمعية العامة،\n\nإذ تعيد تأكيد قرارها 64/293،\n\n"
        "وإذ يساورها بالغ القلق إزاء الاتجار بالأشخاص،\n\n1 - تحث الدول …؛\n\n"
        "2 - تطلب إلى الأمين العام أن يقدم تقريرا.\n",
        "مكافحة الاتجار بالأشخاص",
    ),
]


@pytest.mark.parametrize(("text", "title"), RESOLUTIONS, ids=["ru", "ar"])
def test_a_resolution_s_heading_and_verbs(text: str, title: str) -> None:
    ctx = Context(parse(text, "t.txt"))
    assert ctx.own_act is not None and (ctx.own_act.body, ctx.own_act.number) == ("GA", "79/300")
    assert ctx.masthead.title is not None and ctx.masthead.title.value == title
    assert list(ctx.opening_verbs.values()) == ["reaffirms", "concerned", "urges", "requests"]
    verbs = [f.verb for f in citations.extract(ctx) if isinstance(f, CitationFact) and f.act is not None]
    assert verbs == ["reaffirms"]


# A working group's report: its title names the meeting with its days ("los días 10 y 11 de …", Arabic
# "اجتماع" in the construct state, "يومي 10 و11 …"); attendance with "represented" before the States
# ("Estuvieron representados los siguientes Estados partes …", "были представлены следующие государства -
# участники …"); the chair ("Presidió la reunión la Sra. …", "Председателем совещания была г-жа …").
ATTENDANCE = [
    (
        "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena los días 10 y "
        "11 de octubre de 2029\n\nI. Organización\n\n1. Estuvieron representados los siguientes Estados partes en "
        "la Convención: Austria, Chile y Egipto.\n\n2. Estuvieron representados por observadores los siguientes "
        "Estados signatarios: Japón.\n\n3. Presidió la reunión la Sra. Ana Pérez (Chile).\n",
        {("party", "AUT"), ("party", "CHL"), ("party", "EGY"), ("signatory", "JPN"), ("chair", "CHL")},
    ),
    (
        "Доклад о работе совещания Рабочей группы по торговле людьми, состоявшегося в Вене 10 и 11 октября 2029 "
        "года\n\nI. Организация\n\n1. На совещании были представлены следующие государства - участники Конвенции: "
        "Австрия, Египет и Чили.\n\n2. Следующие государства, подписавшие Конвенцию, были представлены "
        "наблюдателями: Япония.\n\n3. Председателем совещания была г-жа Анна Перес (Чили).\n",
        {("party", "AUT"), ("party", "CHL"), ("party", "EGY"), ("signatory", "JPN"), ("chair", "CHL")},
    ),
    (
        "تقرير عن اجتماع الفريق العامل المعني بالاتجار بالأشخاص المعقود في فيينا يومي 10 و11 تشرين الأول/أكتوبر "
        "2029\n\nأولا- التنظيم\n\n1- كانت الدول الأطراف التالية في الاتفاقية ممثلة في الاجتماع: النمسا، "
        "والبرازيل، ومصر.\n\n2- وكانت الدول الموقعة التالية ممثلة بمراقبين: اليابان.\n",
        {("party", "AUT"), ("party", "BRA"), ("party", "EGY"), ("signatory", "JPN")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ATTENDANCE, ids=["es", "ru", "ar"])
def test_a_working_group_report_s_attendance(text: str, expected: set[tuple[str, str]]) -> None:
    ctx = Context(parse("CTOC/COP/WG.4/2030/5\nDistr.: General\n3 March 2030\n\n" + text, "t.txt"))
    own = ctx.meetings.own
    assert own is not None and own.relation == "reports"
    assert (own.ref.body, own.ref.start, own.ref.end) == ("WG-TIP", "2029-10-10", "2029-10-11")
    found = {(f.role, f.country) for f in actors.extract(ctx) if isinstance(f, ParticipationFact) and f.country}
    assert found == expected


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("es", "el 1º de marzo de 2030", [("2030-03-01", None)]),  # "1º" reads "1o" once normalised
        ("es", "del 1º al 3 de marzo de 2030", [("2030-03-01", "2030-03-03")]),
        ("fr", "le 1 er mars 2030", [("2030-03-01", None)]),
        ("ru", "с 30 сентября по 2 октября 2029 года", [("2029-09-30", "2029-10-02")]),
        ("ar", "من 30 أيلول/سبتمبر إلى 2 تشرين الأول/أكتوبر 2029", [("2029-09-30", "2029-10-02")]),
    ],
)
def test_dates(code: str, text: str, expected: list[tuple[str, str | None]]) -> None:
    line = clean_lines(text)[0].text
    assert [r[:2] for r in ranges(langs.load(code), line)] == expected


# A web page holding a report: menu words above it ("Hotline", "Версия для печати"), then the report's
# title over three lines, which is its type line too; the title names the meeting it reports on.
PAGE_REPORTS = [
    (
        "Горячая линия\n\nВерсия для печати\n\nДоклад о работе совещания Рабочей группы\nпо незаконному ввозу "
        "мигрантов, проходившего\nв Вене 2-4 июня 2031 года\n\nI. Введение\n\n1. Рабочая группа …\n",
        "Доклад о работе совещания Рабочей группы по незаконному ввозу мигрантов, проходившего в Вене 2-4 июня "
        "2031 года",
    ),
    (
        "Accueil\n\nVersion imprimable\n\nRapport sur la réunion du Groupe de travail\nsur le trafic illicite de "
        "migrants tenue\nà Vienne du 2 au 4 juin 2031\n\nI. Introduction\n\n1. Le Groupe de travail …\n",
        "Rapport sur la réunion du Groupe de travail sur le trafic illicite de migrants tenue à Vienne du 2 au 4 "
        "juin 2031",
    ),
]


@pytest.mark.parametrize(("text", "title"), PAGE_REPORTS, ids=["ru", "fr"])
def test_a_report_s_title_is_its_type_line(text: str, title: str) -> None:
    ctx = Context(parse(text, "t.txt"))
    assert ctx.masthead.title is not None and ctx.masthead.title.value == title
    own = ctx.meetings.own
    assert own is not None and own.relation == "reports"
    assert (own.ref.body, own.ref.start, own.ref.end) == ("WG-SOM", "2031-06-02", "2031-06-04")


@pytest.mark.parametrize("credit", ["Foto: Ministerio", "Photo : ONUDC", "Фото: ООН", "صورة: الأمم المتحدة"])
def test_a_photo_credit_is_no_title(credit: str) -> None:
    text = f"{credit}\n\nLa Conferencia de las Partes se reúne en Viena.\n"
    title = Context(parse(text, "t.txt")).masthead.title
    assert title is None or title.value != credit


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena los días 8 y "
            "9 de octubre de 2031\n\nI. Organización\n\n1. El 8 de octubre de 2031, el Grupo de Trabajo aprobó el "
            "siguiente programa:\n1. Cuestiones de organización.\n",
            ("1", "Cuestiones de organización"),
        ),
        (  # the subject between the verb and the agenda; the item's number "1-" and its "؛" are no part of its title
            "تقرير عن اجتماع الفريق العامل المعني بالاتجار بالأشخاص المعقود في فيينا يومي 8 و9 تشرين الأول/أكتوبر "
            "2031\n\nأولا- التنظيم\n\n1- في 8 تشرين الأول/أكتوبر 2031، أقر الفريق العامل جدول الأعمال التالي:\n"
            "1- المسائل التنظيمية؛\n",
            ("1", "المسائل التنظيمية"),
        ),
    ],
    ids=["es", "ar"],
)
def test_the_agenda_a_report_says_was_adopted(text: str, item: tuple[str, str]) -> None:
    facts = recommendations.agenda(Context(parse(text, "t.txt")))
    assert [(f.number, f.title) for f in facts if isinstance(f, AgendaItemFact)] == [item]


# A resolution's own act from its own symbol, when the number of its heading cannot be read (a mirror
# garbled it, "4l/7", "8 4 /1 2."): every language version of one resolution is the same act, so one
# work. A report's symbol names no act.
OWN_SYMBOL = [
    (
        "ar",
        "الأمم المتحدة\nA/HRC/RES/41/7\nالجمعية العامة\nDistr.: General\n3 July 2030\n\nمجلس حقوق الإنسان\n\n"
        "قرار اعتمده مجلس حقوق الإنسان\n\n4l/7 الاتجار بالأشخاص\n\nإن مجلس حقوق الإنسان،\n\n"
        "إذ يشير إلى قراره 38/1،\n\n1 - يطلب إلى المفوضية أن تقدم تقريرا؛\n\n2 - يقرر أن يواصل النظر في المسألة.\n",
        ("HRC", "resolution", "41/7"),
    ),
    (
        "fr",
        "Nations Unies\nA/RES/84/12\nAssemblée générale\nDistr. générale\n3 juillet 2030\n\n"
        "Résolution adoptée par l’Assemblée générale\n\n8 4 /1 2. Traite des personnes\n\nL’Assemblée générale,\n\n"
        "Rappelant sa résolution 64/293,\n\n1. Prie le Secrétaire général de lui présenter un rapport;\n\n"
        "2. Décide de poursuivre l’examen de la question.\n",
        ("GA", "resolution", "84/12"),
    ),
    (
        "es",
        "Naciones Unidas\nA/HRC/41/30\nAsamblea General\nDistr. general\n3 de julio de 2030\n\n"
        "Informe del Relator Especial sobre la trata de personas\n\n1. El presente informe se presenta de "
        "conformidad con la resolución 38/1 del Consejo.\n",
        None,
    ),
]


@pytest.mark.parametrize(("code", "text", "act"), OWN_SYMBOL, ids=["ar", "fr", "es-report"])
def test_a_resolution_s_act_from_its_own_symbol(code: str, text: str, act: tuple[str, str, str] | None) -> None:
    ctx = Context(parse(text, "t.txt"))
    assert ctx.doc.language == code
    own = ctx.own_act
    assert ((own.body, own.kind, own.number) if own else None) == act


# An Arabic preamble splits at each verb, in either gender ("إذ يشير إلى" of a Council, "وإذ تشير إلى" of
# the Assembly), and each verb is read ("recalls", "reaffirms").
ARABIC_PREAMBLE = [
    ("إن مجلس حقوق الإنسان،", ["إذ يشير إلى قراره 38/1،", "وإذ يعيد تأكيد قراره 32/3،", "وإذ يشير إلى قراره 35/5،"]),
    (
        "إن الجمعية العامة،",
        ["إذ تشير إلى قرارها 64/293،", "وإذ تعيد تأكيد قرارها 58/137،", "وإذ تشير إلى قرارها 72/1،"],
    ),
]


@pytest.mark.parametrize(("opening", "preamble"), ARABIC_PREAMBLE, ids=["masculine", "feminine"])
def test_an_arabic_preamble_splits_at_each_verb(opening: str, preamble: list[str]) -> None:
    text = "\n\n".join([opening, *preamble, "1 - يطلب إلى الأمين العام أن يقدم تقريرا؛", "2 - يقرر مواصلة النظر."])
    ctx = Context(parse(text + "\n", "t.txt", "ar"))
    assert [b.text for b in ctx.doc.blocks if b.kind == "preamble"] == preamble
    assert list(ctx.opening_verbs.values()) == ["recalls", "reaffirms", "recalls", "requests", "decides"]


# Lettered items split off their paragraph as English "(a)" does, keyed by the Latin letter of their
# place: Arabic "(أ)", "(ب)", "(ج)" in the abjad order, "a)" in French, Spanish and Russian.
ITEMS = [
    ("ar", "1 - يوصي الفريق العامل بما يلي:\n\n(أ) أن تنظر الدول؛\n\n(ب) أن تتبادل الدول المعلومات؛\n\n(ج) أن تبلغ.\n"),
    ("fr", "1. Le Groupe recommande:\n\na) Que les États examinent;\n\nb) Qu’ils échangent;\n\nc) Rapport.\n"),
    ("es", "1. El Grupo recomienda:\n\na) Que los Estados examinen;\n\nb) Que intercambien;\n\nc) Que informen.\n"),
    ("ru", "1. Группа рекомендует:\n\na) государствам рассмотреть;\n\nb) обмениваться;\n\nc) сообщить.\n"),
]


@pytest.mark.parametrize(("code", "text"), ITEMS, ids=[c[0] for c in ITEMS])
def test_lettered_items_split_off(code: str, text: str) -> None:
    doc = parse(text, "t.txt", code)
    assert [(b.key, b.kind) for b in doc.blocks] == [
        ("para/1", "paragraph"),
        ("para/1/a", "item"),
        ("para/1/b", "item"),
        ("para/1/c", "item"),
    ]


def test_an_arabic_footnote_marked_in_brackets() -> None:
    """A note "(1) …" under a paragraph with no rule between them is a note, not the paragraph's end."""
    text = (
        "1 - يشير الفريق العامل إلى قرار المؤتمر 4/4 (1).\n"
        "(1) انظر الوثيقة CTOC/COP/2008/19.\n\n"
        "2 - ويوصي الفريق العامل بتبادل المعلومات.\n"
    )
    doc = parse(text, "t.txt", "ar")
    blocks = {b.key: b.text for b in doc.blocks}
    assert set(blocks) == {"para/1", "fn/1", "para/2"}
    assert blocks["fn/1"].endswith("CTOC/COP/2008/19.") and "انظر" not in blocks["para/1"]


# The abbreviations UN texts print for a few countries' names (ontology/country-names-un.csv, acronym
# columns), found as names; written in capitals only, so "eau" (water) stays a word.
ABBREVIATIONS = [
    ("ru", "Делегации США, ОАЭ и КНДР, а также Российской Федерации", ["USA", "ARE", "PRK", "RUS"]),
    ("fr", "les délégations des EAU et de la RDC ont parlé de l’eau", ["ARE", "COD"]),
    ("es", "los EE.UU., la RPDC y los EAU", ["USA", "PRK", "ARE"]),
]


@pytest.mark.parametrize(("code", "text", "found"), ABBREVIATIONS, ids=[c[0] for c in ABBREVIATIONS])
def test_country_abbreviations(code: str, text: str, found: list[str]) -> None:
    assert [iso3 for _, _, iso3 in countries_in(langs.load(code), text)] == found


# A masthead's agenda item as "2" or "2(a)" however the language prints it; lettered sub-items listed
# with the language's "and" ("и", "et", "y", "و") are each an item the document serves, of the item
# they share.
AGENDA_ITEMS = [
    ("ru", "Пункт 2 (a), (c), (d) и (f) предварительной повестки дня", "2", ["2(a)", "2(c)", "2(d)", "2(f)"]),
    ("ru", "Пункт 3 (b) предварительной повестки дня", "3(b)", ["3(b)"]),
    ("ru", "Пункт 4 предварительной повестки дня", "4", ["4"]),
    ("fr", "Point 4 a), b) et c) de l’ordre du jour provisoire", "4", ["4(a)", "4(b)", "4(c)"]),
    ("fr", "Point 75 b) de l’ordre du jour provisoire", "75(b)", ["75(b)"]),
    ("es", "Tema 5 a) y c) del programa provisional", "5", ["5(a)", "5(c)"]),
    ("ar", "البند 6 (أ) و(ب) من جدول الأعمال المؤقت", "6", ["6(a)", "6(b)"]),
    ("ar", "البند 7 (ب) من جدول الأعمال المؤقت", "7(b)", ["7(b)"]),
]


@pytest.mark.parametrize(("code", "line", "item", "served"), AGENDA_ITEMS)
def test_a_masthead_s_agenda_item(code: str, line: str, item: str, served: list[str]) -> None:
    masthead = {
        "ru": "Организация Объединенных Наций\nCTOC/COP/2030/6\nКонференция Участников\nDistr.: General\n3 May 2030\n",
        "fr": "Nations Unies\nCTOC/COP/2030/6\nConférence des Parties\nDistr. générale\n3 mars 2030\n",
        "es": "Naciones Unidas\nCTOC/COP/2030/6\nConferencia de las Partes\nDistr. general\n3 de marzo de 2030\n",
        "ar": "الأمم المتحدة\nCTOC/COP/2030/6\nمؤتمر الأطراف\nDistr.: General\n3 March 2030\n",
    }[code]
    ctx = Context(parse(f"{masthead}\n{line}\n\n1. …\n", "t.txt", code))
    assert ctx.masthead.value("agenda_item") == item
    assert list(ctx.masthead.agenda_items) == served


def test_an_arabic_act_heading_with_its_digits_spaced_apart() -> None:
    """The heading "4 1 / 7 الاتجار بالأشخاص": a mirror spaced the number's digits; it is resolution 41/7, titled."""
    text = (
        "الأمم المتحدة\nA/HRC/RES/41/7\nالجمعية العامة\nDistr.: General\n3 July 2030\n\nمجلس حقوق الإنسان\n\n"
        "البند 3 من جدول الأعمال\n\nتعزيز وحماية جميع حقوق الإنسان\n\nقرار اعتمده مجلس حقوق الإنسان\n\n"
        "4 1 / 7 الاتجار بالأشخاص\n\nإن مجلس حقوق الإنسان،\n\nإذ يشير إلى قراره 38/1،\n\n"
        "1 - يطلب إلى المفوضية أن تقدم تقريرا؛\n\n2 - يقرر أن يواصل النظر في المسألة.\n"
    )
    ctx = Context(parse(text, "t.txt"))
    assert ctx.own_act is not None and (ctx.own_act.body, ctx.own_act.number) == ("HRC", "41/7")
    assert ctx.masthead.title is not None and ctx.masthead.title.value == "الاتجار بالأشخاص"


def test_a_document_serves_each_sub_item_its_masthead_lists() -> None:
    """The masthead's "Пункт 2 (a) и (c)": the document is for the session's items 2(a) and 2(c), a fact for each."""
    text = (
        "Организация Объединенных Наций\nCTOC/COP/2030/6\nКонференция Участников Конвенции Организации "
        "Объединенных Наций против транснациональной организованной преступности\nDistr.: General\n3 May 2030\n\n"
        "Двенадцатая сессия\nВена, 12-16 октября 2030 года\nПункт 2 (a) и (c) предварительной повестки дня\n\n"
        "Доклад Секретариата\n\n1. Текст.\n"
    )
    facts = meetings.document_meeting(Context(parse(text, "t.txt")))
    assert [(f.meeting.body, f.meeting.ordinal, f.agenda_item, f.relation) for f in facts] == [
        ("COP", 12, "2(a)", "serves"),
        ("COP", 12, "2(c)", "serves"),
    ]
