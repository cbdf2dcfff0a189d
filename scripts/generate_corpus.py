#!/usr/bin/env python3
"""Generate a large, valid, deterministic Bouquet corpus for benchmarks and scale tests.

    python scripts/generate_corpus.py --count 1000 --out /tmp/corpus [--seed 1] [--force]

Writes, under --out:

    experiences/<slug>.md   --count experiences (400 to 800 words of French text each)
    bouquets/<slug>.md      count/100 bouquets (at least 1), 10 to 40 experiences each
    themes.yml              copied from content/themes.yml
    index.md, a-propos.md, accessibilite.md, mentions-legales.md, contribuer.md
                            copied from content/ so that the navigation resolves

Everything comes from random.Random(seed): the same seed gives byte-identical files,
whatever the machine or the day. The territory is real (communes and their
département from src/bouquet/geography.py); themes come from content/themes.yml.
The result passes `python scripts/check.py DIR`.

--out must be empty or absent; --force first deletes the *.md files of
DIR/experiences and DIR/bouquets (and nothing else).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
STATIC_PAGES = ("index.md", "a-propos.md", "accessibilite.md", "mentions-legales.md", "contribuer.md")

try:
    from bouquet import geography
except ImportError:  # not installed in the venv: use the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from bouquet import geography

FIRST_DAY = dt.date(2005, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)  # dates put online (`date`); a source's date comes before
LAST_UPDATE = dt.date(2026, 11, 20)
MIN_WORDS, MAX_WORDS = 400, 800

# ---------------------------------------------------------------------------
# Vocabulary: French words and phrases about local cooperation.

ACTEURS = [  # singular subjects
    "la commune", "la mairie", "l'intercommunalité", "la communauté de communes",
    "la communauté d'agglomération", "la métropole", "le centre communal d'action sociale",
    "le centre social", "l'association", "le conseil départemental", "la région",
    "la mission locale", "le conseil citoyen", "la maison des associations", "le bailleur social",
    "la caisse d'allocations familiales", "la médiathèque intercommunale", "le collège",
    "l'équipe municipale", "le syndicat mixte", "le pays", "la maison de santé pluriprofessionnelle",
    "le collectif d'habitants", "la régie de quartier", "l'épicerie sociale", "le club de prévention",
    "la structure d'insertion", "le comité de jumelage", "la fédération départementale",
    "l'entreprise partenaire", "la coopérative", "le groupement d'employeurs", "le foyer rural",
    "la maison de l'emploi", "l'office municipal des sports", "le service jeunesse",
    "la ludothèque", "le conseil municipal des jeunes", "l'espace de vie sociale",
    "le point information jeunesse", "la chambre d'agriculture", "le parc naturel régional",
]
ACTEURS_PL = [  # plural subjects
    "les habitants", "les bénévoles", "les élus", "les agents municipaux", "les associations du quartier",
    "les jeunes", "les familles", "les partenaires", "les commerçants", "les travailleurs sociaux",
    "les retraités", "les parents d'élèves", "les agriculteurs", "les animateurs", "les enseignants",
    "les éducateurs", "les services de l'État", "les bailleurs sociaux", "les entreprises du territoire",
    "les secrétaires de mairie", "les maires des communes voisines", "les professionnels de santé",
    "les chefs d'entreprise", "les membres du conseil citoyen", "les salariés en insertion",
]
VERBES = [  # (singular, plural), followed by a direct object
    ("accompagne", "accompagnent"), ("soutient", "soutiennent"), ("coordonne", "coordonnent"),
    ("finance", "financent"), ("anime", "animent"), ("met en place", "mettent en place"),
    ("propose", "proposent"), ("organise", "organisent"), ("développe", "développent"),
    ("encourage", "encouragent"), ("pilote", "pilotent"), ("relaie", "relaient"),
    ("héberge", "hébergent"), ("valorise", "valorisent"), ("porte", "portent"),
    ("fait vivre", "font vivre"), ("imagine", "imaginent"), ("expérimente", "expérimentent"),
    ("co-construit", "co-construisent"), ("prolonge", "prolongent"), ("ouvre", "ouvrent"),
    ("évalue", "évaluent"), ("adapte", "adaptent"), ("gère", "gèrent"),
]
PROJETS = [  # (indefinite, definite short form, slug label)
    ("un atelier de réparation de vélos", "l'atelier", "atelier-velo"),
    ("des permanences d'accès aux droits", "le dispositif", "permanences-droits"),
    ("un service de transport à la demande", "le service", "transport-demande"),
    ("un jardin partagé", "le jardin", "jardin-partage"),
    ("une épicerie solidaire", "l'épicerie", "epicerie-solidaire"),
    ("un chantier d'insertion", "le chantier", "chantier-insertion"),
    ("un conseil des jeunes", "le conseil", "conseil-jeunes"),
    ("une plateforme de covoiturage", "la plateforme", "covoiturage"),
    ("des cafés des parents", "le dispositif", "cafe-parents"),
    ("un point d'information jeunesse", "le point information", "point-information-jeunesse"),
    ("une ressourcerie", "la ressourcerie", "ressourcerie"),
    ("des ateliers numériques", "le programme", "ateliers-numeriques"),
    ("un réseau de visiteurs bénévoles", "le réseau", "visiteurs-benevoles"),
    ("une navette rurale", "la navette", "navette-rurale"),
    ("des séjours de vacances partagés", "le projet", "sejours-vacances"),
    ("un tiers-lieu associatif", "le tiers-lieu", "tiers-lieu"),
    ("une cuisine partagée", "la cuisine", "cuisine-partagee"),
    ("une maison de services au public", "la maison de services", "maison-services"),
    ("un forum des associations", "le forum", "forum-associations"),
    ("un budget participatif", "le budget participatif", "budget-participatif"),
    ("un dispositif de parrainage vers l'emploi", "le parrainage", "parrainage-emploi"),
    ("des formations au bénévolat", "le cycle de formation", "formations-benevolat"),
    ("un conseil des sages", "le conseil des sages", "conseil-sages"),
    ("un festival de quartier", "le festival", "festival-quartier"),
    ("une bourse aux projets de jeunes", "la bourse", "bourse-projets"),
    ("un guichet unique pour les associations", "le guichet", "guichet-associations"),
    ("un accueil de loisirs intercommunal", "l'accueil de loisirs", "accueil-loisirs"),
    ("une coopérative jeunesse de services", "la coopérative", "cooperative-jeunesse"),
    ("un groupement d'achat alimentaire", "le groupement", "groupement-achat"),
    ("une auto-école sociale", "l'auto-école", "auto-ecole-sociale"),
    ("un réseau d'échanges réciproques de savoirs", "le réseau", "echanges-savoirs"),
    ("une micro-crèche rurale", "la micro-crèche", "micro-creche"),
    ("un bus itinérant de prévention", "le bus", "bus-prevention"),
    ("une plateforme de mobilité solidaire", "la plateforme", "mobilite-solidaire"),
    ("un habitat intergénérationnel", "l'habitat", "habitat-intergenerationnel"),
    ("une fête des voisins élargie", "la fête", "fete-voisins"),
    ("un atelier de couture solidaire", "l'atelier", "atelier-couture"),
    ("une régie de quartier", "la régie", "regie-quartier"),
    ("un marché de producteurs locaux", "le marché", "marche-producteurs"),
    ("une cantine en circuit court", "la cantine", "cantine-circuit-court"),
    ("un observatoire de la vie locale", "l'observatoire", "observatoire-vie-locale"),
    ("une boutique à l'essai", "la boutique", "boutique-essai"),
    ("un espace public numérique", "l'espace numérique", "espace-numerique"),
    ("un relais d'assistantes maternelles", "le relais", "relais-assistantes-maternelles"),
    ("une maison des parents", "la maison des parents", "maison-parents"),
    ("un service civique intercommunal", "le service civique", "service-civique"),
    ("une radio associative", "la radio", "radio-associative"),
    ("un comité de quartier", "le comité", "comite-quartier"),
    ("une ferme pédagogique", "la ferme", "ferme-pedagogique"),
    ("un pédibus scolaire", "le pédibus", "pedibus"),
]
PUBLICS = [
    "les personnes âgées isolées", "les jeunes de 16 à 25 ans", "les familles monoparentales",
    "les demandeurs d'emploi de longue durée", "les habitants du quartier prioritaire",
    "les nouveaux arrivants", "les personnes en situation de handicap", "les allocataires du RSA",
    "les aidants familiaux", "les saisonniers agricoles", "les collégiens", "les enfants de 6 à 12 ans",
    "les étudiants", "les salariés en insertion", "les petites associations", "les commerçants du centre-bourg",
    "les agriculteurs", "les primo-arrivants", "les retraités", "les parents de jeunes enfants",
    "les habitants des hameaux", "les femmes éloignées de l'emploi", "les bénévoles associatifs",
    "les locataires du parc social", "les lycéens", "les personnes sans voiture",
]
OBJECTIFS = [  # infinitive phrases
    "rompre l'isolement des personnes âgées", "favoriser l'insertion professionnelle des jeunes",
    "renforcer le lien social", "faciliter l'accès aux droits", "lutter contre la précarité énergétique",
    "améliorer la mobilité des habitants des zones rurales", "mutualiser les moyens des associations",
    "soutenir l'engagement bénévole", "développer les circuits courts", "lutter contre le décrochage scolaire",
    "revitaliser le centre-bourg", "prévenir les conduites à risque", "valoriser les savoir-faire des habitants",
    "associer les habitants aux décisions", "réduire la fracture numérique", "maintenir les services de proximité",
    "accompagner le vieillissement à domicile", "encourager la pratique sportive",
    "ouvrir la culture à tous les publics", "créer des emplois non délocalisables",
    "rapprocher les générations", "mieux coordonner les acteurs du territoire", "lutter contre le gaspillage alimentaire",
    "faciliter l'accès au logement des jeunes", "soutenir la parentalité", "apaiser la vie du quartier",
    "accueillir les nouveaux habitants", "rendre les jeunes acteurs de leur territoire",
]
CADRES = [
    "dans le cadre du contrat de ville", "avec l'appui du conseil départemental",
    "en lien avec les services de l'État", "avec le soutien de la caisse d'allocations familiales",
    "en partenariat avec les bailleurs sociaux", "au titre du programme européen Leader",
    "dans le cadre du projet éducatif local", "en s'appuyant sur le tissu associatif",
    "avec le concours de la Caisse des Dépôts", "à l'échelle de l'intercommunalité",
    "dans le cadre d'une convention pluriannuelle", "en complément des dispositifs existants",
    "avec l'aide d'une fondation d'entreprise", "sur le modèle d'une expérience voisine",
    "en lien étroit avec les écoles", "au sein du contrat local de santé",
]
LIEUX = [
    "au cœur du quartier", "dans les hameaux les plus éloignés", "à la salle des fêtes",
    "dans les locaux de la mairie annexe", "au centre social", "sur le marché hebdomadaire",
    "dans une ancienne école", "à la médiathèque", "dans un local prêté par le bailleur",
    "au pied des immeubles", "dans la maison des associations", "sur la place du village",
    "dans un ancien commerce", "au foyer rural", "dans les communes du canton", "à la gare",
]
PERIODES = [
    "chaque semaine", "tous les mois", "deux fois par an", "chaque mercredi après-midi",
    "pendant les vacances scolaires", "un samedi par mois", "tous les quinze jours",
    "chaque trimestre", "le vendredi matin", "tout au long de l'année", "chaque été",
]
CONNECTEURS = [
    "Dès le départ,", "Très vite,", "Au fil des mois,", "Depuis lors,", "Concrètement,", "Par ailleurs,",
    "De plus,", "Dans un premier temps,", "Ensuite,", "Aujourd'hui,", "Pour autant,", "À terme,",
    "En pratique,", "Peu à peu,", "Dans le même temps,", "Au départ,", "Parallèlement,", "Finalement,",
    "Autre point fort,", "Sur le terrain,", "En complément,",
]
FINANCEURS = [
    "la caisse d'allocations familiales", "le conseil départemental", "la région",
    "l'État au titre de la politique de la ville", "le Fonds social européen", "une fondation d'entreprise",
    "la commune", "la communauté de communes", "l'agence régionale de santé", "la Mutualité sociale agricole",
    "la Caisse des Dépôts", "le programme Leader", "la conférence des financeurs",
    "le fonds pour le développement de la vie associative", "un bailleur social", "des mécènes locaux",
]
RESULTATS = [
    "une meilleure connaissance mutuelle des acteurs", "la création de plusieurs emplois en insertion",
    "une fréquentation en hausse régulière", "l'émergence de nouveaux projets portés par les habitants",
    "une baisse sensible des incivilités", "des partenariats durables entre associations et entreprises",
    "un meilleur repérage des personnes isolées", "une orientation plus rapide des publics",
    "le retour à l'emploi d'une partie des participants", "des économies pour les familles",
    "une image renouvelée du quartier", "l'arrivée de nouveaux bénévoles", "des liens entre générations",
    "une offre de services maintenue en milieu rural", "une participation accrue aux instances locales",
    "des trajets partagés plus nombreux", "une réduction des déchets", "des jeunes plus confiants",
    "la reprise de l'activité par une association", "un essaimage dans les communes voisines",
]
DIFFICULTES = [
    "la mobilisation des habitants dans la durée", "le renouvellement des bénévoles",
    "la pérennité des financements", "la coordination entre de nombreux partenaires",
    "la disponibilité des locaux", "la communication auprès des publics les plus éloignés",
    "le temps nécessaire pour instaurer la confiance", "la lourdeur des démarches administratives",
    "l'évaluation des effets à long terme", "la dépendance à quelques personnes motivées",
    "la concurrence avec d'autres dispositifs", "les distances à parcourir en milieu rural",
]
MOYENS_HUMAINS = [
    "un coordinateur à mi-temps", "deux animateurs salariés", "une vingtaine de bénévoles",
    "un agent de développement local", "une conseillère en économie sociale et familiale",
    "un volontaire en service civique", "la secrétaire de mairie", "un éducateur spécialisé",
    "une chargée de mission de l'intercommunalité", "des stagiaires en formation",
]
MOYENS_MATERIELS = [
    "un local mis à disposition par la commune", "un minibus de neuf places", "des ordinateurs reconditionnés",
    "un véhicule électrique", "une salle de réunion", "des outils de jardinage", "une cuisine équipée",
    "un site internet et une page de réseau social", "des vélos donnés par les habitants",
    "du matériel de sonorisation", "un camion aménagé", "des tablettes numériques",
]
ROLES = [
    "la directrice du centre social", "un adjoint au maire", "une bénévole de l'association",
    "le coordinateur du projet", "une habitante du quartier", "le président de la communauté de communes",
    "une conseillère technique", "un jeune participant", "la secrétaire générale de mairie",
    "un éducateur de rue", "la présidente de l'association", "un chef d'entreprise partenaire",
    "une agente de développement local", "le maire", "une mère de famille", "un retraité bénévole",
]
CITATIONS = [
    "Au début, personne n'y croyait vraiment, et aujourd'hui tout le monde se l'est approprié.",
    "Ce projet a changé notre manière de travailler ensemble.",
    "On a appris à se connaître, et ça change tout dans notre travail quotidien.",
    "Les habitants ne sont plus seulement des usagers : ils sont devenus des acteurs.",
    "Sans les bénévoles, rien de tout cela n'aurait été possible.",
    "Il faut accepter de prendre du temps, la confiance ne se décrète pas.",
    "Nous avons d'abord écouté les besoins avant de proposer quoi que ce soit.",
    "Chacun y trouve son compte, et surtout les personnes que nous accompagnons.",
    "C'est un petit projet, mais il a ouvert beaucoup de portes.",
    "Les jeunes nous ont surpris par leur sérieux et leur créativité.",
    "Ce qui compte, c'est que les gens reviennent et qu'ils en parlent autour d'eux.",
    "Nous avons gagné en efficacité sans dépenser davantage.",
]
PRENOMS = [
    "Marie", "Jean", "Nathalie", "Philippe", "Isabelle", "Laurent", "Sylvie", "Pascal", "Catherine", "Christophe",
    "Sophie", "Olivier", "Valérie", "Thierry", "Sandrine", "Éric", "Céline", "Frédéric", "Hélène", "Nicolas",
    "Camille", "Julien", "Aurélie", "Mathieu", "Claire", "Karim", "Fatima", "Yannick", "Gwenaëlle", "Benoît",
]
NOMS = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Mercier", "Le Gall", "Bonnet", "Lambert", "Fontaine", "Rousseau", "Guérin",
]
ASSOCIATIONS = [
    "Trait d'union", "Passerelles", "Vivre ensemble", "Le Relais", "Solidarités nouvelles", "Les Amis du bourg",
    "Entraide et partage", "Main dans la main", "Le Fil d'Ariane", "Bouge ton quartier", "La Clé des champs",
    "Accueil et rencontres", "Les Jardins de Cocagne", "Horizons", "Pas à pas", "Familles rurales",
]
SOURCES = [
    ("Mairie-conseils (Caisse des Dépôts)", "https://www.banquedesterritoires.fr/"),
    ("Apriles", "https://www.apriles.net/"),
    ("Tous Politiques", "https://www.touspolitiques.fr/"),
    ("La Gazette des communes", "https://www.lagazettedescommunes.com/"),
    ("Réseau rural national", "https://www.reseaurural.fr/"),
    ("Le Rameau", "https://www.lerameau.fr/"),
    ("Territoires conseils", "https://www.banquedesterritoires.fr/territoires-conseils"),
    ("Fonda", "https://fonda.asso.fr/"),
]
FIGURES = ["une dizaine", "une vingtaine", "une trentaine", "une cinquantaine", "près de 80", "plus de 100",
           "environ 150", "près de 200", "plus de 300", "quelque 40", "12", "25", "60"]
PERSONNES = ["habitants", "familles", "jeunes", "bénévoles", "participants", "adhérents", "usagers", "foyers"]
LINK_LABELS = ["Présentation du projet", "Rapport d'activité", "Article de presse", "Vidéo de présentation",
               "Bilan de l'expérimentation"]
MANQUES = [
    "transports adaptés", "lieu de rencontre", "information claire", "accompagnement individuel", "moyens financiers",
    "relais de proximité", "offre de garde", "formation adaptée", "places disponibles", "interlocuteur identifié",
]
TACHES = [
    "la logistique", "la communication", "le suivi administratif", "la recherche de financements",
    "l'accueil du public", "l'évaluation", "la formation des bénévoles", "les inscriptions",
    "le transport des participants", "l'entretien du local",
]
EVOLUTIONS = [  # (infinitive, complement)
    ("étendre", "à tout le canton"), ("ouvrir", "aux communes voisines"), ("réorganiser", "autour de trois temps forts"),
    ("prolonger", "pour trois ans"), ("ouvrir", "le samedi matin"), ("transférer", "dans de nouveaux locaux"),
    ("faire évaluer", "par un cabinet indépendant"), ("confier", "à une association du territoire"),
]
MUTUALISATIONS = [
    "leurs locaux", "un poste de coordinateur", "leurs outils de communication", "un véhicule",
    "leurs fichiers de bénévoles", "un agenda commun", "leurs achats de fournitures", "une permanence téléphonique",
]
PHRASES_LIBRES = [
    "La communication passe par le bulletin municipal, les réseaux sociaux et le bouche-à-oreille.",
    "Les habitants sont associés à chaque étape, de la conception à l'évaluation.",
    "Aucun outil sophistiqué n'a été nécessaire : la réussite tient d'abord à la qualité des relations.",
    "La gratuité a été maintenue, pour que personne ne soit exclu faute de moyens.",
    "Les élus ont accepté de laisser une large autonomie aux porteurs du projet.",
    "Le dispositif a été évalué au bout de deux ans, avec l'aide d'étudiants de l'université.",
    "La démarche s'inscrit dans la durée, loin des opérations ponctuelles sans lendemain.",
    "Les partenaires se retrouvent autour d'un café, sans ordre du jour figé.",
    "Les premiers mois ont servi à roder l'organisation et à faire connaître l'initiative.",
    "La presse locale a largement relayé l'initiative, ce qui a attiré de nouveaux participants.",
    "La mutualisation des moyens a permis de limiter les coûts pour chaque partenaire.",
    "Les retours des participants sont recueillis chaque année par un questionnaire simple.",
    "L'intercommunalité a depuis inscrit l'action dans son projet de territoire.",
    "Les secrétaires de mairie jouent un rôle essentiel de relais auprès des habitants isolés.",
]
HEADINGS_OPEN = ["Origine", "Contexte", "Genèse du projet"]
HEADINGS_MIDDLE = ["Description", "Mise en œuvre", "Fonctionnement", "Les partenaires", "Moyens mobilisés"]
HEADINGS_LATE = ["Résultats", "Difficultés rencontrées", "Perspectives"]
HEADINGS_CLOSE = ["Ce qu'il faut retenir", "Pour aller plus loin", "Enseignements"]


_VOWEL = "aeiouyéèêâîôûAEIOUÉÈÊÂÎÔÛ"
_ELISIONS = [
    (re.compile(r"\bà les\b"), "aux"), (re.compile(r"\bde les\b"), "des"),
    (re.compile(r"\bà le\b"), "au"), (re.compile(r"\bde le\b"), "du"),
    (re.compile(rf"\b([dD])e ([{_VOWEL}])"), r"\1'\2"),
    (re.compile(rf"\b([qQ])ue ([{_VOWEL}])"), r"\1u'\2"),
    (re.compile(rf"\b([lL])[ea] ([{_VOWEL}])"), r"\1'\2"),
]


def french(text: str) -> str:
    """Contractions and elisions: à les → aux, de le → du, de accompagner → d'accompagner."""
    for pattern, replacement in _ELISIONS:
        text = pattern.sub(replacement, text)
    return text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def a_la(name: str) -> str:
    """'à' + commune name, with the article contracted: au Pecq, aux Sables-d'Olonne."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def article_de(name: str) -> str:
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1].lower() in "aeiouyéèêâîôûh":
        return "d'" + name
    return "de " + name


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------------------
# Experiences


@dataclass
class Territory:
    commune: str | None = None
    departement: geography.Departement | None = None
    region: geography.Region | None = None
    explicit_region: bool = False

    @property
    def label(self) -> str | None:
        if self.commune:
            return self.commune
        if self.departement:
            return self.departement.name
        if self.region:
            return self.region.name
        return None

    def phrase(self) -> str:
        if self.commune:
            return a_la(self.commune)
        if self.departement:
            return f"dans le département {article_de(self.departement.name)}"
        if self.region:
            return f"en région {self.region.name}"
        return "dans plusieurs territoires"


@dataclass
class Experience:
    slug: str
    title: str
    date: dt.date
    themes: list[str]
    territory: Territory
    text: str = ""
    updated: dt.date | None = None


class Writer:
    def __init__(self, rng: random.Random, themes: list[str]):
        self.rng = rng
        self.themes = themes
        self.departements = geography.departements()
        self.regions = geography.regions()
        self.slugs: set[str] = set()

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def two(self, items):
        """Two different items."""
        i = self.rng.randrange(len(items))
        j = self.rng.randrange(len(items) - 1)
        return items[i], items[j + (j >= i)]

    def sample(self, items, k):
        return self.rng.sample(items, k)

    # -- territory, dates, slug ------------------------------------------
    def territory(self) -> Territory:
        r = self.rng.random()
        if r < 0.80:
            dep = self.pick(self.departements)
            commune = self.pick(geography.communes_in(dep.code)).name
            return Territory(commune, dep, dep.region, explicit_region=self.rng.random() < 0.1)
        if r < 0.90:
            dep = self.pick(self.departements)
            return Territory(None, dep, dep.region, explicit_region=self.rng.random() < 0.3)
        if r < 0.95:
            return Territory(None, None, self.pick(self.regions), explicit_region=True)
        return Territory()

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def slug(self, label: str, territory: Territory) -> str:
        place = geography.slugify(territory.label or "")
        base = "-".join(p for p in (label, place) if p)
        base = base[:90].rstrip("-")
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    # -- sentences ----------------------------------------------------------
    def sentence(self, project, territory: Territory, year: int) -> str:
        rng, pick = self.rng, self.pick
        indef, definite, _ = project
        kind = rng.randrange(28)
        if kind == 0:
            a1 = pick(ACTEURS)
            s = f"{pick(CONNECTEURS)} {a1} {pick(VERBES)[0]} {indef} {pick(CADRES)}."
        elif kind == 1:
            s = f"{cap(pick(ACTEURS_PL))} {pick(VERBES)[1]} {definite} {pick(LIEUX)}, {pick(PERIODES)}."
        elif kind == 2:
            o1, o2 = self.two(OBJECTIFS)
            s = f"L'objectif est de {o1} et de {o2}."
        elif kind == 3:
            p1, p2 = self.two(PUBLICS)
            s = f"{cap(definite)} s'adresse d'abord à {p1}, mais aussi à {p2}."
        elif kind == 4:
            o1 = pick(OBJECTIFS)
            a1 = pick(ACTEURS)
            s = f"En {year}, {a1} {pick(VERBES)[0]} {indef} {territory.phrase()} pour {o1}."
        elif kind == 5:
            s = f"{cap(pick(FIGURES))} {pick(PERSONNES)} y participent {pick(PERIODES)}."
        elif kind == 6:
            f1, f2 = self.two(FINANCEURS)
            s = f"Le budget annuel, d'environ {rng.randrange(3, 250)} 000 euros, est financé par {f1} et {f2}."
        elif kind == 7:
            a1 = pick(ACTEURS)
            s = f"La principale difficulté tient à {pick(DIFFICULTES)}, ce qui oblige {a1} à ajuster son organisation."
        elif kind == 8:
            r1, r2 = self.two(RESULTATS)
            s = f"Cette démarche a permis {r1} et {r2}."
        elif kind == 9:
            s = f"Selon {pick(ROLES)}, « {pick(CITATIONS)[:-1].lower()} »."
        elif kind == 10:
            o1 = pick(OBJECTIFS)
            s = f"{pick(CONNECTEURS)} {pick(ACTEURS_PL)} ont souhaité {o1} {pick(CADRES)}."
        elif kind == 11:
            s = f"{cap(definite)} repose sur {pick(MOYENS_HUMAINS)} et {pick(MOYENS_MATERIELS)}."
        elif kind == 12:
            o1 = pick(OBJECTIFS)
            a1 = pick(ACTEURS)
            s = f"Pour {o1}, {a1} {pick(VERBES)[0]} {pick(PROJETS)[0]} {pick(LIEUX)}."
        elif kind == 13:
            s = f"{pick(CONNECTEURS)} {definite} a trouvé sa place dans la vie locale, grâce à l'implication de {pick(ACTEURS_PL)}."
        elif kind == 14:
            p1 = pick(PUBLICS)
            s = f"Les rencontres ont lieu {pick(LIEUX)}, {pick(PERIODES)}, et restent ouvertes à {p1}."
        elif kind == 15:
            b1, b2 = self.two(ACTEURS_PL)
            s = f"{cap(b1)} et {b2} {pick(VERBES)[1]} ensemble {indef}, {pick(CADRES)}."
        elif kind == 16:
            p1 = pick(PUBLICS)
            a1 = pick(ACTEURS)
            s = f"{cap(a1)} a d'abord réalisé un diagnostic auprès de {p1}, qui a mis en évidence {pick(DIFFICULTES)}."
        elif kind == 17:
            b1, b2 = self.two(ACTEURS_PL)
            a1 = pick(ACTEURS)
            s = f"Un comité de pilotage réunit {b1}, {b2} et {a1} {pick(PERIODES)}."
        elif kind == 18:
            p1 = pick(PUBLICS)
            s = f"Le projet est né d'un constat partagé : {p1} manquaient de solutions, faute de {pick(MANQUES)}."
        elif kind == 19:
            a1, a2 = self.two(ACTEURS)
            s = (f"Une convention signée en {year} précise le rôle de chacun : {a1} assure l'animation, "
                 f"tandis que {a2} prend en charge {pick(TACHES)}.")
        elif kind == 20:
            a1 = pick(ACTEURS)
            s = f"Plusieurs communes voisines envisagent de reproduire l'expérience, avec l'appui de {a1}."
        elif kind == 21:
            s = f"Le coût reste modeste : l'essentiel repose sur {pick(MOYENS_HUMAINS)} et sur la mobilisation de {pick(ACTEURS_PL)}."
        elif kind == 22:
            p1 = pick(PUBLICS)
            o1, o2 = self.two(OBJECTIFS)
            s = f"{cap(p1)} y trouvent un appui concret, qu'il s'agisse de {o1} ou de {o2}."
        elif kind == 23:
            s = pick(PHRASES_LIBRES)
        elif kind == 24:
            a1 = pick(ACTEURS)
            s = f"{pick(CONNECTEURS)} un bilan est présenté {pick(PERIODES)} à {a1}, qui décide des ajustements."
        elif kind == 25:
            verb, complement = pick(EVOLUTIONS)
            s = f"En {year + rng.randint(1, 4)}, {pick(ACTEURS_PL)} ont décidé de {verb} {definite} {complement}."
        elif kind == 26:
            r1, r2 = self.two(RESULTATS)
            who = pick(["participants", "bénévoles", "partenaires", "élus", "usagers", "habitants"])
            s = f"Interrogés sur l'expérience, les {who} citent surtout {r1}, mais aussi {r2}."
        else:
            a1, a2 = self.two(ACTEURS)
            s = f"{pick(CONNECTEURS)} {a1} et {a2} ont mutualisé {pick(MUTUALISATIONS)}."
        return cap(s)

    def bullets(self, heading: str) -> list[str]:
        n = self.rng.randint(3, 6)
        if heading in ("Résultats", "Ce qu'il faut retenir", "Enseignements"):
            return [cap(x) for x in self.sample(RESULTATS, n)]
        if heading == "Difficultés rencontrées":
            return [cap(x) for x in self.sample(DIFFICULTES, n)]
        if heading in ("Moyens mobilisés", "Fonctionnement"):
            return [cap(x) for x in self.sample(MOYENS_HUMAINS + MOYENS_MATERIELS, n)]
        if heading == "Les partenaires":
            return [cap(x) for x in self.sample(ACTEURS + FINANCEURS, n)]
        return [cap(x) for x in self.sample(OBJECTIFS, n)]

    def body(self, project, territory: Territory, year: int, slug: str) -> str:
        """400 to 800 words (whitespace-separated tokens of the Markdown body)."""
        rng, pick = self.rng, self.pick
        headings = [pick(HEADINGS_OPEN)]
        headings += self.sample(HEADINGS_MIDDLE, rng.randint(1, 3))
        headings += ["Résultats"] + self.sample(HEADINGS_LATE[1:], rng.randint(0, 2))
        headings.append(pick(HEADINGS_CLOSE))
        target = rng.randint(MIN_WORDS + 20, MAX_WORDS - 20)
        weights = [rng.uniform(0.6, 1.4) for _ in headings]
        budgets = [target * w / sum(weights) for w in weights]
        with_list = set(self.sample(range(1, len(headings)), min(2, len(headings) - 1)))
        link_sections = sorted(self.sample(range(len(headings)), 2))
        place = geography.slugify(territory.label or "territoires")
        network = pick(["cooperations-locales", "territoires-solidaires", "vie-associative", "initiatives-rurales"])
        links = [
            f"[le site {article_de(territory.commune)}](https://www.{place}.fr/vie-locale/{slug})"
            if territory.commune else f"[la présentation du projet](https://www.{place}.fr/projets/{slug})",
            f"[la fiche du réseau](https://ressources.{network}.org/experiences/{slug})",
        ]
        link_sentences = [f"Pour en savoir plus, consultez {link}." for link in links]
        parts: list[str] = []
        total = 0
        # Words kept free for what must still come: later headings and the links.
        reserve = sum(len(h.split()) + 1 for h in headings) + sum(len(x.split()) for x in link_sentences)
        for index, (heading, budget) in enumerate(zip(headings, budgets, strict=True)):
            parts.append(f"## {heading}")
            total += len(heading.split()) + 1
            reserve -= len(heading.split()) + 1
            link = link_sentences.pop(0) if link_sections and link_sections[0] == index else None
            if link:
                link_sections.pop(0)
                reserve -= len(link.split())
            room = MAX_WORDS - reserve - total - (len(link.split()) if link else 0)
            used = 0
            if index in with_list:
                intro = f"{pick(CONNECTEURS)[:-1]}, plusieurs points ressortent :"
                block = "\n".join(f"- {item}" for item in self.bullets(heading))
                n = len(intro.split()) + len(block.split())
                if n <= room:
                    parts += [intro, block]
                    used += n
            paragraphs: list[list[str]] = []
            while used < budget:
                paragraph: list[str] = []
                for _ in range(rng.randint(2, 5)):
                    sentence = self.sentence(project, territory, year + rng.randint(-2, 3))
                    n = len(sentence.split())
                    if used >= budget or used + n > room:
                        break
                    paragraph.append(sentence)
                    used += n
                if not paragraph:
                    break
                paragraphs.append(paragraph)
            if link:
                if not paragraphs:
                    paragraphs.append([])
                paragraphs[-1].append(link)
                used += len(link.split())
            parts += [" ".join(p) for p in paragraphs]
            total += used
        text = french("\n\n".join(parts)) + "\n"
        while len(text.split()) < MIN_WORDS:  # only when every budget draw was small
            text = text.rstrip("\n") + " " + french(self.sentence(project, territory, year)) + "\n"
        return text

    # -- front matter ------------------------------------------------------
    def title(self, project, territory: Territory) -> str:
        indef = project[0]
        candidates = []
        if territory.commune:
            candidates.append(f"{territory.commune} : {indef} pour {self.pick(OBJECTIFS)}")
        candidates.append(f"{cap(indef)} {territory.phrase()} pour {self.pick(OBJECTIFS)}")
        candidates.append(f"{cap(self.pick(OBJECTIFS))} : {indef} {territory.phrase()}")
        candidates.append(f"{cap(indef)} {territory.phrase()}")
        choice = french(self.pick(candidates[:-1]))
        return choice if len(choice) <= 150 else french(candidates[-1])[:150].rstrip()

    def description(self, project, territory: Territory, year: int) -> str:
        for _ in range(20):
            text = (f"{cap(territory.phrase())}, {self.pick(ACTEURS)} {self.pick(VERBES)[0]} depuis {year} "
                    f"{project[0]} pour {self.pick(PUBLICS)}. Objectif : {self.pick(OBJECTIFS)}. "
                    f"{cap(self.pick(RESULTATS))} en témoigne.")
            text = french(text)
            if len(text) <= 400:
                return text
        return f"{cap(project[0])} {territory.phrase()}."[:400]

    def experience(self) -> Experience:
        rng, pick = self.rng, self.pick
        project = pick(PROJETS)
        territory = self.territory()
        date = self.day(FIRST_DAY, LAST_DAY)
        year = max(2000, date.year - rng.randint(1, 6))
        slug = self.slug(project[2], territory)
        title = self.title(project, territory)
        themes = self.sample(self.themes, rng.randint(1, 4))
        exp = Experience(slug, title, date, themes, territory)
        if rng.random() < 0.25:
            exp.updated = min(LAST_UPDATE, date + dt.timedelta(days=rng.randint(30, 2500)))
        full = rng.random() < 1 / 3
        lines = [
            "---",
            f"title: {q(title)}",
            f"date: {date.isoformat()}",
        ]
        if exp.updated:
            lines.append(f"updated: {exp.updated.isoformat()}")
        lines.append(f"description: {q(self.description(project, territory, year))}")
        lines.append("tags:")
        lines += [f"  - {q(t)}" for t in themes]
        if territory.commune:
            lines.append(f"commune: {q(territory.commune)}")
        if territory.departement:
            lines.append(f"departement: {q(territory.departement.code)}")
        if territory.explicit_region and territory.region:
            lines.append(f"region: {q(territory.region.name)}")
        label = territory.label or "France"
        structure = pick(["Ville", "Centre social", "Association", "Communauté de communes", "CCAS"])
        lead = (f"Association {pick(ASSOCIATIONS)}" if structure == "Association"
                else f"{structure} {article_de(label)}")
        if full or rng.random() < 0.6:
            lines.append("leads:")
            lines += [f"  - {q(x)}" for x in [lead] + [cap(a) for a in self.sample(ACTEURS, rng.randint(0, 2))]]
        if full or rng.random() < 0.3:
            lines.append("partners:")
            lines += [f"  - {q(cap(x))}" for x in self.sample(FINANCEURS + ACTEURS, rng.randint(1, 5))]
        if full or rng.random() < 0.3:
            lines.append("impacts:")
            lines += [f"  - {q(cap(x))}" for x in self.sample(RESULTATS, rng.randint(1, 5))]
        if full:
            lines += [
                "resources:",
                f"  human: {q(cap(' et '.join(self.sample(MOYENS_HUMAINS, 2))))}",
                f"  financial: {q(f'Environ {rng.randrange(5, 300)} 000 euros par an, apportés par ' + ' et '.join(self.sample(FINANCEURS, 2)))}",
                f"  material: {q(cap(', '.join(self.sample(MOYENS_MATERIELS, 3))))}",
                "quote:",
                f"  text: {q(' '.join(self.sample(CITATIONS, rng.randint(1, 3))))}",
                f"  author: {q(cap(pick(ROLES)) + ' ' + article_de(label))}",
            ]
            first, last = pick(PRENOMS), pick(NOMS)
            domain = geography.slugify(label) or "territoire"
            user = geography.slugify(f"{first} {last}").replace("-", ".")
            lines += [
                "contact:",
                f"  name: {q(f'{first} {last}')}",
                f"  role: {q(cap(pick(ROLES)))}",
                f"  email: {q(f'{user}@{domain}.fr')}",
                f"  phone: {q('0{} {:02d} {:02d} {:02d} {:02d}'.format(rng.randint(1, 5), *(rng.randrange(100) for _ in range(4))))}",
                f"  url: {q(f'https://www.{domain}.fr/')}",
            ]
        if full or rng.random() < 0.9:
            name, url = pick(SOURCES)
            lines.append("source:")
            lines.append(f"  name: {q(name)}")
            if full or rng.random() < 0.3:
                lines.append(f"  url: {q(url)}")
            # The source published it before it was put online here; some sources give no date.
            if full or rng.random() < 0.8:
                lines.append(f"  date: {max(FIRST_DAY, date - dt.timedelta(days=rng.randint(0, 900))).isoformat()}")
        if full or rng.random() < 0.2:
            domain = geography.slugify(label) or "territoire"
            lines.append("links:")
            for n, label in enumerate(self.sample(LINK_LABELS, rng.randint(1, 3))):
                lines.append(f"  - label: {q(label)}")
                lines.append(f"    url: {q(f'https://www.{domain}.fr/documents/{slug}-{n + 1}')}")
        lines.append("---")
        body = self.body(project, territory, year, slug)
        exp.text = "\n".join(lines) + "\n\n" + body
        return exp


# ---------------------------------------------------------------------------
# Bouquets

BOUQUET_TITLES = [
    "{theme} : {n} expériences de coopération locale",
    "{theme} : quand collectivités et associations agissent ensemble",
    "Regards croisés sur un thème : {theme_lower}",
    "{theme} : des initiatives à reproduire sur votre territoire",
    "{n} expériences pour s'inspirer : {theme_lower}",
]


def bouquet(writer: Writer, experiences: list[Experience], slugs: set[str]) -> tuple[str, str]:
    rng, pick = writer.rng, writer.pick
    theme = pick(writer.themes)
    size = min(len(experiences), rng.randint(10, 40))
    matching = [e for e in experiences if theme in e.themes]
    rng.shuffle(matching)
    chosen = matching[:size]
    if len(chosen) < size:
        others = [e for e in experiences if theme not in e.themes]
        chosen += rng.sample(others, size - len(chosen))
    date = min(LAST_UPDATE, max(e.date for e in chosen) + dt.timedelta(days=rng.randint(0, 90)))
    title = pick(BOUQUET_TITLES).format(theme=theme, theme_lower=theme[:1].lower() + theme[1:], n=size)
    base = geography.slugify(f"{theme} {date.year}")
    slug, n = base, 1
    while slug in slugs:
        n += 1
        slug = f"{base}-{n}"
    slugs.add(slug)
    places = [e.territory.label for e in chosen if e.territory.label][:4]
    description = (f"{size} expériences autour du thème « {theme} »"
                   + (f", de {', '.join(places[:-1])} à {places[-1]}" if len(places) > 1 else "")
                   + f" : comment {pick(ACTEURS_PL)} et {pick(ACTEURS_PL)} s'organisent pour {pick(OBJECTIFS)}.")
    description = french(description) if len(description) <= 400 else f"{size} expériences autour du thème « {theme} »."
    intro = []
    for _ in range(rng.randint(2, 4)):
        intro.append(" ".join(writer.sentence(pick(PROJETS), Territory(), date.year - 1) for _ in range(rng.randint(3, 5))))
    lines = ["---", f"title: {q(title)}", f"date: {date.isoformat()}", f"description: {q(description)}", "experiences:"]
    lines += [f"  - {e.slug}" for e in chosen]
    lines.append("---")
    return slug, "\n".join(lines) + "\n\n" + "\n\n".join(intro) + "\n"


# ---------------------------------------------------------------------------


def load_themes(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(item["name"]) for item in data]


def generate(count: int, out: Path, seed: int = 1, source: Path = CONTENT) -> dict[str, int]:
    """Writes the corpus; returns the number of files of each kind."""
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(seed)
    themes = load_themes(source / "themes.yml")
    writer = Writer(rng, themes)
    (out / "experiences").mkdir(parents=True, exist_ok=True)
    (out / "bouquets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "themes.yml", out / "themes.yml")
    for name in STATIC_PAGES:
        shutil.copyfile(source / name, out / name)
    experiences = [writer.experience() for _ in range(count)]
    for exp in experiences:
        (out / "experiences" / f"{exp.slug}.md").write_text(exp.text, encoding="utf-8", newline="\n")
    bouquet_slugs: set[str] = set()
    n_bouquets = max(1, count // 100)
    for _ in range(n_bouquets):
        slug, text = bouquet(writer, experiences, bouquet_slugs)
        (out / "bouquets" / f"{slug}.md").write_text(text, encoding="utf-8", newline="\n")
    return {"experiences": count, "bouquets": n_bouquets, "other": 1 + len(STATIC_PAGES)}


def _prepare(out: Path, force: bool) -> None:
    if out.resolve() == CONTENT.resolve():
        raise SystemExit("generate_corpus: refusing to write into the project's content/ folder.")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"generate_corpus: {out} is not empty (use --force to replace its experiences and bouquets).")
        for sub in ("experiences", "bouquets"):
            for old in sorted((out / sub).glob("*.md")) if (out / sub).is_dir() else ():
                old.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère un corpus Bouquet valide et déterministe (benchmarks).")
    parser.add_argument("--count", type=int, required=True, help="nombre d'expériences")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie (vide ou absent)")
    parser.add_argument("--seed", type=int, default=1, help="graine du générateur (par défaut : 1)")
    parser.add_argument("--force", action="store_true", help="remplace les expériences et bouquets déjà présents")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    _prepare(args.out, args.force)
    start = time.perf_counter()
    counts = generate(args.count, args.out, args.seed)
    elapsed = time.perf_counter() - start
    total = sum(counts.values())
    print(f"generate_corpus: {total} files written to {args.out} ({counts['experiences']} experiences, "
          f"{counts['bouquets']} bouquets, {counts['other']} other) in {elapsed:.2f} s (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
