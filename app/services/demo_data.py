"""The demo community's Dutch words, and the names and sentences made from them."""

from __future__ import annotations

import random
import string
import unicodedata
from bisect import bisect_right
from itertools import accumulate

COMMUNITY = {
    "name": "Samen Sterker in de Wijk",
    "purpose": (
        "Bewoners, professionals en ondernemers werken samen aan de vraagstukken van de wijk "
        "die geen afdeling of organisatie alleen kan oplossen. We leggen het vraagstuk op tafel, "
        "bekijken het vanuit meerdere invalshoeken en zoeken samen naar wat werkt — offline in "
        "het buurtcentrum en online tussen de bijeenkomsten door."
    ),
    "shared_values": (
        "Verbondenheid: we zijn er voor de wijk en voor elkaar.\n"
        "Halen en brengen: wie komt halen, brengt ook iets mee.\n"
        "Vanuit eigen kracht: niet je functie telt, wel wat je te bieden hebt.\n"
        "Vertrouwen en openheid: we zeggen wat we zien, ook als het schuurt.\n"
        "Een lange adem: we bouwen stap voor stap en houden vol."
    ),
    "online_space": "https://samensterker.example/community",
    "language": "nl",
}

# The first members: initiator, core team and the first ambassadors (fixed, so that every
# demo has the same familiar faces and the diacritics a facilitator meets in real life).
CAST = [
    "Fatma Öztürk", "Sjoerd de Vries", "Ingrid Ødegaard", "Łukasz Kowalczyk", "Zoë Janssen",
    "Noël Brontë", "Jürgen Müller", "Ayşe Çelik", "Marieke van den Berg", "Mehmet Şahin",
    "Renée Dubois", "Kwame Mensah", "Søren Åberg", "Hélène Lefèvre", "Priya Ramdin",
    "Bram Hoekstra",
]  # fmt: skip

FIRST_NAMES = [
    "Anouk", "Sanne", "Daan", "Sem", "Lieke", "Bram", "Fenna", "Joost", "Marieke", "Pieter",
    "Ilse", "Wouter", "Femke", "Ruud", "Esther", "Henk", "Gerrit", "Mohammed", "Yasmina",
    "Priya", "Kwame", "Aisha", "Mei", "Zoë", "Noël", "Łukasz", "Søren", "Çağla", "Renée",
    "Chloé", "José", "Anaïs", "Björn", "Jürgen", "Fatma", "Mehmet", "Ayşe", "Oğuz", "Inês",
    "François", "Hélène", "Gülşen", "Małgorzata", "Zbigniew", "Thijs", "Luuk", "Noor", "Emma",
    "Julia", "Tess", "Jesse", "Lotte", "Roos", "Maartje", "Karin", "Johan", "Kees", "Annelies",
    "Gert-Jan", "Hanneke", "Youssef", "Khadija", "Samira", "Bilal", "Dewi", "Rajesh", "Shanti",
    "Wei", "Hiroshi", "Chidi", "Amara", "Olga", "Dmitri", "Ana", "Joaquín", "Siobhán",
    "Ciarán", "Åsa", "Ingrid", "Kateřina", "Tomás", "Elif", "Emre", "Nadia", "Stijn", "Fleur",
    "Mirjam", "Hüseyin", "Dragan", "Milica", "Björk", "Iñaki", "Léa", "Mattéo",
]  # fmt: skip

LAST_NAMES = [
    "Janssen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van Leeuwen", "Schouten", "Willems",
    "Hoekstra", "Maas", "Verhoeven", "Koster", "Prins", "Postma", "Kuipers", "Huisman",
    "Öztürk", "Yılmaz", "Çelik", "Şahin", "Demir", "Kaya", "Müller", "Schröder", "Ødegaard",
    "Brontë", "Kowalczyk", "Wiśniewski", "Nowak", "Dubois", "Lefèvre", "García", "Fernández",
    "Gonçalves", "El Amrani", "Bouzid", "Ramdin", "Soekhoe", "Nguyễn", "Nakamura", "Okonkwo",
    "Mensah", "Jovanović", "Novák", "Dvořák", "Sørensen", "Åberg", "Ó Briain", "Kılıç",
    "Ben Haddou", "Tahiri", "Pinas", "Sno", "Lim", "Chen", "van 't Hof", "ter Horst",
]  # fmt: skip

# organisation, e-mail domain, departments (None: a resident without a department).
ORGANISATIONS: list[tuple[str, str, list[str]]] = [
    ("Gemeente Rivierstad", "gemeente.example",
     ["Sociaal Domein", "Wijkzaken", "Jeugd", "Participatie", "Communicatie"]),
    ("GGD Regio Rivierstad", "ggd.example",
     ["Jeugdgezondheidszorg", "Gezondheidsbevordering", "Publieke gezondheid"]),
    ("Woningcorporatie Thuis Wonen", "thuiswonen.example",
     ["Wijkbeheer", "Verhuur", "Leefbaarheid", "Klantenservice"]),
    ("Wijkteam Noord", "wijkteam.example",
     ["Maatschappelijk werk", "Schuldhulp", "Jeugd en gezin"]),
    ("Basisschool De Regenboog", "regenboog.example", ["Onderwijs", "Zorgteam", "Directie"]),
    ("Het Kompas College", "kompas.example", ["Onderwijs", "Leerlingzaken", "Zorgteam"]),
    ("Bouwbedrijf Van Houten", "vanhouten.example", ["Sales", "Productie", "Support"]),
    ("Buurtcentrum De Schakel", "deschakel.example", ["Programma", "Vrijwilligers", "Beheer"]),
    ("Bibliotheek Rivierstad", "bibliotheek.example", ["Taalhuis", "Digitaal Café"]),
    ("Huisartsenpraktijk Centrum", "huisarts.example", ["Praktijkondersteuning", "Assistentie"]),
    ("Zorgcentrum De Linde", "delinde.example", ["Wijkverpleging", "Dagbesteding"]),
    ("Voedselbank Rivierstad", "voedselbank.example", ["Uitgifte", "Logistiek"]),
    ("Politie Rivierstad", "politie.example", ["Wijkagenten"]),
    ("Hogeschool Rivierstad", "hogeschool.example", ["Lectoraat Sociale Innovatie", "Stages"]),
    ("Zelfstandig (zzp)", "zzp.example", ["Advies", "Training", "Fotografie"]),
    ("Bewoner", "bewoner.example", []),
]  # fmt: skip

STRENGTHS = [
    "verbinden", "luisteren", "organiseren", "schrijven", "fotografie", "data-analyse",
    "netwerken", "faciliteren", "koken", "techniek", "vertalen (Arabisch)", "vertalen (Turks)",
    "Pools", "muziek", "subsidies aanvragen", "presenteren", "tekenen en visualiseren",
    "conflicten bemiddelen", "social media", "timmeren", "tuinieren", "coaching",
]  # fmt: skip

INTERESTS = [
    "eenzaamheid", "jongeren", "groen in de wijk", "energiearmoede", "taal", "gezondheid",
    "wonen", "veiligheid", "armoede", "ouderen", "cultuur", "sport", "werk en inkomen",
    "duurzaamheid", "digitale vaardigheden", "mantelzorg", "onderwijs", "nieuwkomers",
]  # fmt: skip

MEMBER_NOTES = [
    "Spreekt ook Turks.", "Liever gebeld dan gemaild.", "Kan niet op dinsdagavond.",
    "Wil graag een keer een sessie begeleiden.", "Heeft een groot netwerk in de moskee.",
    "Neemt vaak collega's van de afdeling support mee.", "Komt meestal online.",
    "Brengt zelfgebakken koekjes mee.", "Wil meedenken, maar heeft weinig tijd.",
    "Kent iedereen in de flat aan de Lindelaan.",
]  # fmt: skip

WIJKEN = [
    "Rivierenbuurt", "Bloemenwijk", "Schildersbuurt", "Oosterpark", "De Hoven", "Centrum",
    "Vogelwijk", "Lindenhof",
]  # fmt: skip

# title, description, perspectives to involve.
QUESTIONS = [
    ("Eenzaamheid onder ouderen in de flat aan de Lindelaan",
     "Steeds meer ouderen komen de deur niet meer uit. De thuiszorg ziet het, de buren ook, "
     "maar niemand weet wie wat doet.", "wijkverpleging, woningcorporatie, buren, huisarts"),
    ("Hoe bereiken we jongeren die nergens komen?",
     "Een groep jongeren hangt 's avonds rond het winkelcentrum en komt niet in het "
     "jongerenwerk. Wat hebben zij nodig?", "jongerenwerk, school, wijkagent, ouders"),
    ("Energiearmoede: huishoudens die de rekening niet kunnen betalen",
     "Na de prijsstijgingen zitten gezinnen in de kou. Hoe vinden we ze op tijd?",
     "woningcorporatie, schuldhulp, energiecoaches, voedselbank"),
    ("Taalbarrières bij het wijkteam",
     "Gesprekken met nieuwkomers lopen vast omdat tolken niet op tijd beschikbaar zijn.",
     "taalhuis, vluchtelingenwerk, sleutelpersonen, wijkteam"),
    ("Meer groen en minder tegels in de binnentuinen",
     "Bewoners willen vergroenen, de gemeente wil het ook, maar het komt niet van de grond.",
     "bewoners, gemeente wijkzaken, school, hovenier"),
    ("Te weinig vrijwilligers voor de voedselbank",
     "De uitgifte draait op een kleine groep die op raakt.",
     "voedselbank, kerken en moskee, studenten, ondernemers"),
    ("Statushouders beter welkom heten",
     "Nieuwe buren krijgen een sleutel maar geen netwerk.",
     "vluchtelingenwerk, buren, school, werkgevers"),
    ("Digitale vaardigheden voor 65-plussers",
     "Alles moet met DigiD, maar veel ouderen lopen vast.",
     "bibliotheek, zorgcentrum, jongeren als buddy, gemeente"),
    ("Schulden vroeg signaleren",
     "De schuldhulp ziet mensen pas als het te laat is. Wie ziet de eerste signalen?",
     "woningcorporatie, huisarts, school, schuldhulp"),
    ("Mantelzorgers raken overbelast",
     "Mantelzorgers vragen pas om hulp als ze zelf omvallen.",
     "wijkverpleging, huisarts, werkgevers, mantelzorgers zelf"),
    ("Samenwerking school en wijkteam bij verzuim",
     "Kinderen die vaak ontbreken, vallen tussen school en wijkteam in.",
     "school, leerplicht, wijkteam, ouders"),
    ("Een plek voor ontmoeting nu het buurthuis sluit",
     "Het buurthuis sluit in de zomer. Waar komen we dan samen?",
     "buurtcentrum, ondernemers, kerk, bibliotheek"),
    ("Sales, productie en support samen aan klantvragen",
     "Bij Van Houten lost iedere afdeling de vraag van de klant vanuit de eigen rol op. "
     "Hoe pakken we dat afdelingsoverstijgend aan?", "sales, productie, support, klanten"),
    ("Hoe houden we de online community levend tussen de bijeenkomsten?",
     "Na elke bijeenkomst is het online even druk en daarna stil.",
     "kernteam, ambassadeurs, communicatie"),
    ("Ambassadeurs vinden in elke straat",
     "In sommige straten kennen we niemand. Wie kan daar de deur openen?",
     "ambassadeurs, sleutelpersonen, wijkagent, postbode"),
    ("Halen en brengen: hoe blijft het wederkerig?",
     "Sommige organisaties komen vooral halen. Hoe houden we de balans?",
     "kernteam, alle deelnemende organisaties"),
    ("Gezonde schoolkantine", "Ouders en school willen gezonder, de kantine wil omzet.",
     "school, GGD, ouders, leerlingen"),
    ("Bewegen in de wijk voor mensen met weinig geld",
     "Sportclubs zijn duur en ver weg.", "sportverenigingen, GGD, buurtsportcoach"),
    ("Werkervaringsplekken voor jongeren zonder startkwalificatie",
     "Ondernemers willen wel, maar weten niet hoe.", "ondernemers, school, gemeente werk"),
    ("Veilige fietsroutes naar school",
     "Ouders brengen hun kinderen met de auto omdat fietsen onveilig voelt.",
     "school, gemeente verkeer, ouders, wijkagent"),
    ("Wachtlijsten jeugdhulp overbruggen",
     "Gezinnen wachten maanden. Wat kan de wijk in de tussentijd doen?",
     "jeugd en gezin, school, huisarts, buren"),
    ("Burenhulp bij hittegolven", "Tijdens de laatste hittegolf werden ouderen niet gezien.",
     "GGD, wijkverpleging, buren, woningcorporatie"),
]  # fmt: skip

OUTCOMES = [
    "Opgelost met een vast buddy-rooster; de ambassadeurs houden het warm.",
    "Er is een maandelijkse inloop gestart; de gemeente betaalt de huur.",
    "De aanpak is overgenomen door het wijkteam en staat in het werkplan.",
    "Een pilot van drie maanden liet zien dat het werkt; nu structureel.",
]

SESSION_KINDS = [
    ("Kringgesprek", "Samen een vraagstuk verkennen vanuit alle invalshoeken."),
    ("Wijkavond", "Bewoners en professionals ontmoeten elkaar en halen vragen op."),
    ("Ambassadeursoverleg", "Ambassadeurs delen wat ze in hun netwerk horen."),
    ("Online inspiratiesessie", "Een gast vertelt; daarna praten we door in kleine groepen."),
    ("Kernteamoverleg", "Koers bewaken, de volgende bijeenkomsten voorbereiden."),
    ("Werksessie", "Aan de slag: ideeën uitwerken tot acties met een eigenaar."),
    ("Open kring", "Iedereen mag een vraagstuk inbrengen."),
    ("Terugblik en vooruitblik", "Wat hebben we bereikt, wat nemen we mee?"),
]

OFFLINE_LOCATIONS = [
    "Buurtcentrum De Schakel, Lindelaan 12", "Bibliotheek Rivierstad, zaal 2",
    "Gemeentehuis, kamer 3.14", "Kantine van Het Kompas College", "Koffiehuis De Ontmoeting",
    "Kantoor Wijkteam Noord", "Zorgcentrum De Linde, restaurant", "Kantine Van Houten",
]  # fmt: skip
ONLINE_PLATFORMS = ["Teams", "Jitsi", "Zoom"]
EVENING_KINDS = ("Kringgesprek", "Wijkavond", "Open kring")

SESSION_NOTES = [
    "Goede opkomst; veel nieuwe gezichten via de ambassadeurs.",
    "Online deelnemers waren slecht te verstaan; volgende keer een tafelmicrofoon.",
    "Energieke avond. De koffie was op om half negen.",
    "Weinig mensen door het weer, maar een diep gesprek.",
    "Twee nieuwe ambassadeurs opgestaan.",
]

OPENING_ITEMS = [("Welkom en check-in", 10), ("Terugblik op vorige keer", 10)]
CLOSING_ITEMS = [("Acties en afspraken", 10), ("Check-out: wat neem je mee?", 5)]

KIND_WEIGHTS = {
    "idea": 30, "insight": 20, "perspective": 15, "question": 15, "concern": 10, "decision": 10,
}  # fmt: skip

ACTS = [
    "een wekelijkse koffieochtend organiseren", "een buddy-systeem opzetten",
    "de ambassadeurs per straat laten aanbellen", "een buurtapp per portiek starten",
    "samen met de school een ouderavond houden", "een ruilmarkt voor spullen en diensten houden",
    "een spreekuur in de bibliotheek beginnen", "de wijkagent uitnodigen voor een wandeling",
    "een kaart maken van wie wat kan in de wijk", "jongeren zelf een plan laten maken",
    "de energiecoaches langs laten gaan", "een tuinproject in de binnentuin starten",
    "een gezamenlijke maaltijd op vrijdag organiseren", "een kort filmpje voor online maken",
    "sales, productie en support één dag laten rouleren", "een tolkenpool van buren opzetten",
]  # fmt: skip

FINDINGS = [
    "mensen de weg naar het wijkteam niet kennen", "ouderen vooral 's avonds eenzaam zijn",
    "jongeren wel willen meedoen als ze zelf iets te zeggen hebben",
    "veel gezinnen te laat aan de bel trekken", "de online groep vooral wordt gelezen",
    "nieuwkomers via school het snelst te bereiken zijn",
    "vrijwilligers afhaken als ze niets terug horen", "organisaties elkaars aanbod niet kennen",
    "de drempel van het gemeentehuis te hoog is", "buren meer willen doen dan we denken",
    "klantvragen blijven hangen tussen sales en support",
]  # fmt: skip

VIEWPOINTS = [
    "het wijkteam", "de woningcorporatie", "de school", "de GGD", "de huisartsenpraktijk",
    "de bewoners", "de voedselbank", "de bibliotheek", "de afdeling sales", "de productievloer",
    "de jongeren zelf", "de mantelzorgers",
]  # fmt: skip

GROUPS = [
    "de jongeren bij het winkelcentrum", "de nieuwe buren in de Schildersbuurt",
    "de ouders van groep 8", "de bewonerscommissie", "de moskee", "de ondernemers aan het plein",
    "de mantelzorgers", "de senioren in De Linde",
]  # fmt: skip

RISKS = [
    "we te veel tegelijk willen", "de trekkers overbelast raken",
    "de online groep de offline groep niet meer kent", "het project stopt als de subsidie stopt",
    "we alleen de mensen bereiken die we al kennen", "privacy in het gedrang komt",
    "sommige organisaties alleen komen halen", "we de bewoners vergeten mee te nemen",
]  # fmt: skip

DECISIONS = [
    "we beginnen klein, in één straat", "het kernteam trekt dit tot de zomer",
    "we nodigen de wethouder uit voor de volgende wijkavond",
    "de ambassadeurs brengen elk twee nieuwe mensen mee", "we evalueren over drie maanden",
    "we bundelen de ideeën in één voorstel", "we zetten dit vraagstuk even in de parkeerstand",
]  # fmt: skip

TEMPLATES = {
    "idea": [
        "Wat als we {act}?",
        "Idee: {act}, te beginnen in wijk {wijk}.",
        "Laten we {act}, samen met {group}.",
        "Misschien kunnen we {act} samen met {view}.",
    ],
    "insight": [
        "Uit de gesprekken blijkt dat {finding}.",
        "Wat opvalt is dat {finding}.",
        "In wijk {wijk} zien we dat {finding}.",
    ],
    "perspective": [
        "Vanuit {view} zien we dat {finding}.",
        "Wie het bekijkt vanuit {group}, ziet dat {finding}.",
        "Voor {view} is het belangrijk dat we {act}.",
    ],
    "question": [
        "Wie heeft er contact met {group}?",
        "Hoe krijgen we {view} mee?",
        "Klopt het dat {finding}?",
        "Wie pakt dit op: {act}?",
    ],
    "concern": [
        "Ik maak me zorgen dat {risk}.",
        "Pas op dat {risk}.",
        "Het risico is dat {risk}, zeker in wijk {wijk}.",
    ],
    "decision": ["Besloten: {decision}.", "We spreken af: {decision}.", "Afgesproken: {act}."],
}

ACTION_TEMPLATES = [
    "Contact leggen met {group}", "Voorstel uitwerken: {act}", "Navragen of {finding}",
    "Uitnodiging sturen aan {view}", "Verslag delen in de online community",
    "Zaal reserveren voor de volgende bijeenkomst", "Twee nieuwe ambassadeurs benaderen",
]  # fmt: skip

AGREEMENTS = [
    "We beginnen en eindigen op tijd.",
    "Halen én brengen: wie iets vraagt, biedt ook iets aan.",
    "Wat in de kring gedeeld wordt, blijft in de kring, tenzij we anders afspreken.",
    "Iedereen spreekt vanuit eigen kracht en ervaring, niet vanuit functie.",
    "Online en offline tellen even zwaar: wie online meedoet, krijgt ook het woord.",
    "Besluiten nemen we met consent: er is geen overwegend bezwaar.",
    "Ambassadeurs nemen hun netwerk mee en stellen nieuwe mensen voor.",
    "Elke actie heeft een eigenaar en een datum.",
    "De klant of een andere verplichting mag soms voorgaan; laat het even weten.",
    "Foto's delen we alleen met toestemming van wie erop staat.",
    "We vieren wat lukt.",
]

_POOLS = {
    "act": ACTS, "wijk": WIJKEN, "group": GROUPS, "view": VIEWPOINTS, "finding": FINDINGS,
    "risk": RISKS, "decision": DECISIONS,
}  # fmt: skip
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "æ": "ae"})


def _slots(template: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]


_SENTENCES = {kind: [(t, _slots(t)) for t in ts] for kind, ts in TEMPLATES.items()}
_ACTIONS = [(t, _slots(t)) for t in ACTION_TEMPLATES]
_KINDS = tuple(TEMPLATES)


def _fill(rng: random.Random, template: str, slots: list[str]) -> str:
    return template.format(**{slot: rng.choice(_POOLS[slot]) for slot in slots})


def sentence(rng: random.Random, kind: str) -> str:
    """A contribution of this kind; now and then followed by a second thought of any kind."""
    text = _fill(rng, *rng.choice(_SENTENCES[kind]))
    if rng.random() < 0.25:
        text += " " + _fill(rng, *rng.choice(_SENTENCES[rng.choice(_KINDS)]))
    return text


def action_text(rng: random.Random) -> str:
    return _fill(rng, *rng.choice(_ACTIONS))


def person(rng: random.Random, index: int) -> tuple[str, str]:
    """First name and surname of the index-th member: the fixed cast first, then anyone."""
    if index < len(CAST):
        first, last = CAST[index].split(" ", 1)
        return first, last
    last = rng.choice(LAST_NAMES)
    if rng.random() < 0.08:
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    return rng.choice(FIRST_NAMES), last


def ascii_name(text: str) -> str:
    """Lower-case letters and digits only, without diacritics: for e-mail addresses."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in folded if c.isascii() and c.isalnum()).lower()


_ORG_WEIGHTS = list(accumulate(1 if departments else 6 for _o, _d, departments in ORGANISATIONS))


def workplace(
    rng: random.Random, first: str, last: str, taken: set[str]
) -> tuple[str, str | None, str]:
    """Organisation, department and an e-mail address not in `taken` (which it joins)."""
    org, domain, departments = ORGANISATIONS[
        bisect_right(_ORG_WEIGHTS, rng.random() * _ORG_WEIGHTS[-1])
    ]
    if not departments:  # a resident
        org, domain = f"{org} {rng.choice(WIJKEN)}", "mail.example"
    local = f"{ascii_name(first)}.{ascii_name(last)}"
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return org, rng.choice(departments) if departments else None, email


def location(rng: random.Random, mode: str) -> str:
    place, platform = rng.choice(OFFLINE_LOCATIONS), rng.choice(ONLINE_PLATFORMS)
    if mode == "offline":
        return place
    return f"Online ({platform})" if mode == "online" else f"{place} + online via {platform}"
