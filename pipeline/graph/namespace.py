"""The Caveat ontology namespace as a closed rdflib ``DefinedNamespace``.

Every term here must be declared in ``ontology/caveat.ttl`` and vice versa;
``tests/unit/test_namespace.py`` checks both directions.
"""
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/caveat/onto"
DATA = Namespace("https://w3id.org/caveat/id/")


class CV(DefinedNamespace):
    _NS = Namespace("https://w3id.org/caveat/onto#")
    _fail = True

    # classes
    Actor: URIRef
    Advocacy: URIRef
    AnonymousSource: URIRef
    Country: URIRef
    Document: URIRef
    Easing: URIRef
    Event: URIRef
    Evidence: URIRef
    Fact: URIRef
    Lifting: URIRef
    Organization: URIRef
    Permission: URIRef
    Person: URIRef
    Place: URIRef
    PolicyDecision: URIRef
    Prohibition: URIRef
    Rule: URIRef
    RuleChange: URIRef
    Thing: URIRef
    WeaponSystem: URIRef
    # concept schemes and concepts
    Actions: URIRef
    CivilianTargetStrike: URIRef
    CrossBorderStrike: URIRef
    DeepStrike: URIRef
    Deployment: URIRef
    WeaponUse: URIRef
    WeaponKinds: URIRef
    AirDefence: URIRef
    Aircraft: URIRef
    AntiTankMissile: URIRef
    ArmouredVehicle: URIRef
    Artillery: URIRef
    BallisticMissile: URIRef
    CruiseMissile: URIRef
    Drone: URIRef
    GenericWeapon: URIRef
    Howitzer: URIRef
    Missile: URIRef
    Munition: URIRef
    RocketArtillery: URIRef
    Tank: URIRef
    # properties
    action: URIRef
    actionText: URIRef
    addressee: URIRef
    advocate: URIRef
    announced: URIRef
    attributedTo: URIRef
    boundParty: URIRef
    changes: URIRef
    country: URIRef
    date: URIRef
    decidedBy: URIRef
    docId: URIRef
    effective: URIRef
    end: URIRef
    establishes: URIRef
    evidence: URIRef
    exact: URIRef
    gazetteerId: URIRef
    generic: URIRef
    inDocument: URIRef
    issuer: URIRef
    namedSource: URIRef
    participant: URIRef
    published: URIRef
    purpose: URIRef
    reportedIn: URIRef
    scopeExcludes: URIRef
    scopeIncludes: URIRef
    scopeText: URIRef
    since: URIRef
    sourceName: URIRef
    start: URIRef
    supportCount: URIRef
    targetKind: URIRef
    url: URIRef
    weapon: URIRef
    weaponKind: URIRef
