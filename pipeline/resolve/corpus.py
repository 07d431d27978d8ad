"""Cross-document resolution, run over every document of a run before mapping.

- People named only by surname in one article ("Nykyforov") and in full in
  another ("Serhii Nykyforov") become one entity with the fuller label.
- A permission worded only as "use U.S. weapons in Kharkiv" takes the action
  the other reports of the same grant give it (same issuer and party).
- A rule with no bound party takes the party the issuer's other rules bind; a rule
  with no issuer, the one issuer of the other rules that bind its party.
- A ban the issuer's grants leave apart (a country no grant covers, some of the
  granted weapons) is a restriction of its own, not part of the one they ease.
- A decision two states took together is one rule, however each report names them.
- A limit of distance lifted after an easing up to that distance lifts the eased ban too.

Fact IRIs are minted from the resolved keys, so what this module unifies
lands on one node in the graph.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from ..extract.words import WORDS
from ..records import DocumentExtraction, EntityRef, RuleRecord

_SUFFIXES = WORDS["name_suffixes"]  # "Ferdinand Marcos Jr.": not the surname
BORDER_NOUNS = WORDS["border_nouns"]
# the actions of a grant across a border: it eases the ban on crossing it, said or not
ACROSS_BORDER = ("CrossBorderStrike", "DeepStrike")


def _refs(x: DocumentExtraction) -> Iterator[EntityRef]:
    yield from x.entities
    for r in x.rules:
        yield from (e for e in (r.issuer, r.bound, r.decided_by, r.attributed_to) if e)
        yield from (*r.weapons, *r.scope_in, *r.scope_out)
    for a in x.advocacy:
        yield from (e for e in (a.advocate, a.addressee, a.attributed_to) if e)
    for ev in x.events:
        yield from ev.participants


def _surname(label: str) -> str:
    words = [w.strip(",") for w in label.split() if w.lower().strip(",") not in _SUFFIXES]
    return words[-1].lower() if words else ""


def resolve_people(extractions: Iterable[DocumentExtraction]) -> None:
    """Merge non-gazetteer people by surname when the surname names one full name."""
    extractions = list(extractions)
    full: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for x in extractions:
        for e in _refs(x):
            if e.category == "Person" and not e.gazetteer:
                labels[e.key] = max(labels.get(e.key, ""), e.label, key=len)
                if len(e.label.split()) > 1:
                    full[_surname(e.label)].add(e.key)
    # "The Left Party's Maja Ekström" taken for an organisation where another report names
    # the person: the person
    people = {label.lower(): key for key, label in labels.items() if len(label.split()) > 1}
    for x in extractions:
        for e in _refs(x):
            if e.category in ("Organization", "Place") and not e.gazetteer and e.label.lower() in people:
                e.key, e.category = people[e.label.lower()], "Person"
    rename: dict[str, str] = {}
    for key, label in labels.items():
        if len(label.split()) == 1:
            candidates = full.get(label.lower(), set())
            if len(candidates) == 1:
                rename[key] = next(iter(candidates))
    for x in extractions:
        for e in _refs(x):
            if e.category == "Person" and not e.gazetteer:
                e.key = rename.get(e.key, e.key)
                e.label = labels.get(e.key, e.label)


def resolve_acronyms(extractions: Iterable[DocumentExtraction]) -> None:
    """'the Economic Freedom Fighters' in one report, 'The EFF's Sipho Mathebula' in another:
    a non-gazetteer organisation named by an acronym is the one whose capitalised words it
    spells, when exactly one such name is in the corpus."""
    extractions = list(extractions)
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for x in extractions:
        for e in _refs(x):
            words = e.label.split()
            if e.category == "Organization" and not e.gazetteer and len(words) > 1:
                initials = "".join(w[0] for w in words if w[:1].isupper())
                if len(initials) > 1:
                    names[initials].add((e.key, e.label))
    for x in extractions:
        for e in _refs(x):
            if e.category == "Organization" and not e.gazetteer and e.label.isupper() \
                    and len(names.get(e.label, ())) == 1:
                e.key, e.label = next(iter(names[e.label]))


def merge_joint_issuers(extractions: Iterable[DocumentExtraction]) -> None:
    """A decision two states took together is one rule under one of them (``RuleRecord.joint``):
    a report that names only the other ("Rome's ministry said the rules in force before apply
    again") is about the same rules when it binds the same party and names no weapon of its
    own -- the rule goes under the same issuer."""
    extractions = list(extractions)
    joint: dict[tuple[str, str], tuple[EntityRef, set[str]]] = {}
    for x in extractions:
        for r in x.rules:
            if len(r.joint) > 1 and r.issuer is not None:
                bound = r.bound.key if r.bound else ""
                for key in r.joint:
                    _, weapons = joint.setdefault((key, bound), (r.issuer, set()))
                    weapons.update(w.key for w in r.weapons if not w.generic)
    if not joint:
        return
    for x in extractions:
        for r in x.rules:
            hit = joint.get((r.issuer.key, r.bound.key if r.bound else "")) if r.issuer else None
            if hit is None or hit[0].key == r.issuer.key:
                continue
            own = {w.key for w in r.weapons if not w.generic}
            if not own or own & hit[1]:
                r.issuer = hit[0]


def fill_issuers(extractions: Iterable[DocumentExtraction]) -> None:
    """A rule whose report names no issuer ("The condition that these vehicles must not be
    used in Yemen remains in force," a department spokesperson said) takes the issuer of the
    other reports' rules that bind the same party, when they all name one and the same."""
    extractions = list(extractions)
    issuers: dict[str, dict[str, EntityRef]] = defaultdict(dict)
    for x in extractions:
        for r in x.rules:
            if r.issuer is not None and r.bound is not None and r.issuer.key != r.bound.key:
                issuers[r.bound.key][r.issuer.key] = r.issuer
    # the states that issue rules on a party's use of a named weapon system
    states: dict[tuple[str, str], dict[str, EntityRef]] = defaultdict(dict)
    for x in extractions:
        for r in x.rules:
            if r.issuer is not None and r.issuer.category == "Country" and r.bound is not None:
                for w in _specific(r.weapons):
                    states[(r.bound.key, w)][r.issuer.key] = r.issuer
    for x in extractions:
        for r in x.rules:
            if r.issuer is None and r.bound is not None and len(issuers.get(r.bound.key, {})) == 1:
                r.issuer = next(iter(issuers[r.bound.key].values()))
            elif r.issuer is None:
                r.issuer = r.fallback_issuer  # no other report names whose rules bind the party
            elif _unknown_body(r.issuer) and r.bound is not None:
                # "The Council of Ministers today approved ..." in a ministry's press release: a
                # body the gazetteer does not know decides for the one state the other reports
                # name as issuer of rules on the same party's use of the same weapons
                found = {k: e for w in _specific(r.weapons) for k, e in states.get((r.bound.key, w), {}).items()}
                if len(found) == 1:
                    r.decided_by = r.decided_by or r.issuer
                    r.issuer = next(iter(found.values()))


def _unknown_body(e: EntityRef | None) -> bool:
    """An organisation named only by the tagger, with no state known to act for."""
    return e is not None and e.category == "Organization" and not e.gazetteer and not e.country


def merge_rules(extractions: Iterable[DocumentExtraction]) -> None:
    extractions = list(extractions)
    # the grants of each kind, with the day each was made, where a report names it
    actions: dict[tuple, list] = defaultdict(list)
    by_place: dict[tuple, list] = defaultdict(list)
    # the grants worded as a use of the weapons, by area: (document, day made)
    used_at: dict[tuple, list] = defaultdict(list)
    bounds: dict[str, Counter] = defaultdict(Counter)
    for x in extractions:
        for r in x.rules:
            parties = _parties(r)
            if r.bound:
                bounds[parties[0]][r.bound.key] += 1
            if r.modality == "permission" and r.action != "WeaponUse":
                made = _day(r)
                actions[parties].append((r.action, made, x.document.id))
                for p in r.scope_in:
                    by_place[(*parties, p.key)].append((r.action, made, x.document.id))
            elif r.modality == "permission":
                for p in r.scope_in:
                    used_at[(*parties, p.key)].append((x.document.id, _day(r)))
    bound_refs = {r.bound.key: r.bound for x in extractions for r in x.rules if r.bound}
    for x in extractions:
        published = x.document.published

        def reported(grants: list) -> Counter:
            # an article reports no grant made after it was published (but its own grants,
            # which may take effect later: "enters into force on 7 June")
            return Counter(kind for kind, made, doc in grants
                           if doc == x.document.id or not (published and made and made > published))

        for r in x.rules:
            issuer = r.issuer.key if r.issuer else ""
            if r.bound is None and bounds.get(issuer):
                r.bound = bound_refs[bounds[issuer].most_common(1)[0][0]]
            elif r.bound is None:
                r.bound = r.fallback_bound  # no report says whom this issuer's rules bind
            if r.modality == "permission" and r.action == "WeaponUse":
                bound = r.bound.key if r.bound else ""
                # the same grant reported elsewhere: same parties and the same area, or
                # the only kind of thing this issuer granted
                local = Counter()
                for p in r.scope_in:
                    local.update(reported(by_place.get((issuer, bound, p.key), [])))
                if not local and any(doc != x.document.id and not (published and made and made > published)
                                     for p in r.scope_in for doc, made in used_at.get((issuer, bound, p.key), [])):
                    # "cleared to use the systems ... over the Essequibo region" after "may use the
                    # systems ... including the Essequibo region" in an earlier report: the same
                    # grant of use, not the other kind of thing the issuer granted later
                    continue
                peers = local or reported(actions.get((issuer, bound), []))
                if peers and len(peers) == 1:
                    r.action = next(iter(peers))


def _foreign(r: RuleRecord) -> set[str]:
    """The countries of a rule's areas, other than the bound party's own."""
    own = r.bound.key if r.bound else None
    return {c for e in r.scope_in for c in [e.key if e.category == "Country" else e.country] if c and c != own}


def _home(r: RuleRecord) -> bool:
    """Whether a rule names an area of the bound party's own country ("must not be deployed
    or used outside the Odesa region"): a deployment ban that does keeps the weapons inside
    that area, not out of another country, whatever else its sentence names."""
    own = r.bound.key if r.bound else None
    return own is not None and any(e.key == own or e.country == own for e in r.scope_in)


def _parties(r: RuleRecord) -> tuple[str, str]:
    """The keys of a rule's issuer and bound party ('' for one left unsaid)."""
    return (r.issuer.key if r.issuer else "", r.bound.key if r.bound else "")


def _day(r: RuleRecord):
    """The day a rule was made, where a report names one (announced or effective)."""
    return min((d for d in (r.announced, r.effective) if d), default=None)


def _specific(weapons: list[EntityRef]) -> set[str]:
    return {w.key for w in weapons if not w.generic and not w.key.startswith("kind_")}


def fold_use_into_deployment(extractions: Iterable[DocumentExtraction]) -> None:
    """A ban on using the weapons in another country, from an issuer that grants its party no
    strikes across a border but bans deploying the weapons in that country ("must not be
    deployed on Venezuelan territory ... or fired at targets over it"; elsewhere "may not be
    used on or over Venezuelan territory"), is that same ban: keep the weapons out of the
    country. The party's other bans read as crossing the border ("Both conditions still
    apply") go with it when every country they name is one the deployment ban covers. A ban
    on deploying within some distance of a border ("within 15 kilometres of the Azerbaijani
    border") keeps the weapons back at home, not out of the country: it covers none; so does
    one that names an area at home ("outside the Odesa region, and ... not fired at targets
    over Crimea": the firing ban stays a ban of its own)."""
    extractions = list(extractions)
    deployed: dict[tuple, set] = defaultdict(set)
    across: set[tuple] = set()
    for x in extractions:
        for r in x.rules:
            if r.modality == "prohibition" and r.action == "Deployment" and not r.scope_text \
                    and not _home(r):
                deployed[_parties(r)] |= _foreign(r)
            elif r.modality == "permission" and r.action in ACROSS_BORDER:
                across.add(_parties(r))
    bans: dict[tuple, list] = defaultdict(list)
    for x in extractions:
        for r in x.rules:
            if r.modality == "prohibition" and r.action == "CrossBorderStrike":
                bans[_parties(r)].append(r)
    for parties, rules in bans.items():
        if parties in across or not deployed.get(parties):
            continue
        named = set().union(*(_foreign(r) for r in rules))
        if named and named <= deployed[parties]:
            for r in rules:
                r.action = "Deployment"


def separate_bans(extractions: Iterable[DocumentExtraction]) -> None:
    """A ban that the issuer's grants to the same party leave apart is a restriction of its
    own, not a part of the one the grants ease (``RuleRecord.facet``):
    - on a single country where no grant applies ("Belarus remains off-limits" beside a
      grant for Russia's Bryansk region);
    - on some of the weapons the grants cover, named with the ban ("Excalibur rounds may not
      be fired at Russian territory" while "the M777 remains free to use").
    Other bans of the same parties and action stay one restriction, as before."""
    extractions = list(extractions)
    countries: dict[tuple, set] = defaultdict(set)
    weapons: dict[tuple, set] = defaultdict(set)
    for x in extractions:
        for r in x.rules:
            if r.modality == "permission":
                countries[_parties(r)] |= _foreign(r)
                weapons[_parties(r)] |= _specific(r.weapons)
    for x in extractions:
        for r in x.rules:
            if r.modality != "prohibition" or r.action not in ACROSS_BORDER:
                continue
            parties = _parties(r)
            facet = []
            where = _foreign(r)
            if len(where) == 1 and countries.get(parties) and not where & countries[parties]:
                facet.append(next(iter(where)))
            if not r.scope_in and any(t.lower().startswith("within ") and any(
                    b in t.lower() for b in BORDER_NOUNS) for t in r.scope_text):
                # "except within five kilometres of the border": a strip near the border at
                # home, apart from the ban on firing across it
                facet.append("near")
            named = set() if r.inherited else _specific(r.weapons)
            if named and named < weapons.get(parties, set()):
                facet.append("+".join(sorted(named)))
            r.facet = "/".join(facet)


def settle_changes(extractions: Iterable[DocumentExtraction]) -> None:
    """One permission, one kind of change to the earlier ban: eased when any report
    limits it to named areas inside a country ("near Kharkiv") or calls it easing,
    lifted otherwise -- even if another report words the same grant more broadly; and
    none, standing, when the corpus tells of no ban it could change (``_earlier_ban``)."""
    from ..graph.mapper import prior_ban_key, rule_key
    extractions = list(extractions)
    groups: dict[tuple, list] = defaultdict(list)
    # the areas each ban covers, as its reports name them (a ban set apart is not the one a
    # grant changes)
    banned: dict[tuple, list] = defaultdict(list)
    for x in extractions:
        for r in x.rules:
            if r.modality == "permission":
                groups[rule_key(r)].append(r)
            elif not r.facet:
                banned[rule_key(r)] += r.scope_in
    restricted = {_parties(r) for x in extractions for r in x.rules if r.modality == "prohibition"}
    pressed = {a.addressee.key for x in extractions for a in x.advocacy if a.addressee}
    for records in groups.values():
        changing = [r for r in records if r.change != "standing"]
        if not changing:
            continue  # only ever described as standing ("no caveats")
        said = any(r.change in ("lift", "ease") for r in changing)
        across = records[0].action in ACROSS_BORDER
        if not said and records[0].action == "WeaponUse" \
                or not across and not _earlier_ban(records, restricted, pressed):
            # - "India has given the Philippines permission to use its BrahMos missiles to
            #   defend its waters": a grant to use the weapons that no report says lifts or
            #   eases anything changes no earlier ban;
            # - nor does another grant when the corpus tells of no ban it could change.
            # A grant across a border eases the standing ban on crossing it, said or not.
            for r in records:
                r.change = "standing"
            continue
        local = any(e.category == "Place" for r in records for e in r.scope_in)
        kind = "ease" if local or any(r.change == "ease" for r in records) else "lift"
        areas = banned.get(prior_ban_key(records[0]), [])
        if kind == "ease" and areas and all(e.category == "Place" for e in areas) \
                and not any(r.change == "ease" for r in records) \
                and {e.key for e in areas} <= {e.key for r in records for e in r.scope_in}:
            # "lifted the condition that barred the Philippines from deploying on the Spratly
            # Islands": a ban on named areas only, granted in all of them, is lifted, not eased
            kind = "lift"
        for r in records:
            r.change = kind


def lift_eased_remainder(extractions: Iterable[DocumentExtraction]) -> None:
    """A ban on striking across the border that the issuer eased up to some distance ("up to
    40 km from the border") is gone once the same issuer lifts, for the same party, a limit of
    distance ("lifted the 40-kilometre cap"): the lift takes away what the easing had left of
    the ban, so it lifts that ban as well as the one on deep strikes."""
    extractions = list(extractions)
    eased: dict[tuple, list] = defaultdict(list)
    for x in extractions:
        for r in x.rules:
            if r.modality == "permission" and r.action == "CrossBorderStrike" and r.change == "ease" \
                    and _day(r) is not None:
                eased[_parties(r)].append(_day(r))
    for x in extractions:
        for r in x.rules:
            if not (r.modality == "permission" and r.lifts_reach and r.change == "lift"
                    and r.action == "DeepStrike" and _day(r) is not None and r.issuer and r.bound):
                continue
            if any(d < _day(r) for d in eased.get(_parties(r), [])):
                r.also_lifts = ("CrossBorderStrike",)


def _earlier_ban(records: list[RuleRecord], restricted: set[tuple[str, str]],
                 pressed: set[str]) -> bool:
    """Whether the corpus tells of a ban a permission could change: a report worded as a
    change ("eased", "lifted") or telling of one next to the grant ("That changed on March
    19", "Until now ... had required"), a ban of the same issuer on the same party, or a push
    on the issuer. A grant with none of these ("signed off on the Philippine Navy using the
    ship") changed no ban that was told: it stands, and nothing is lifted or left in force."""
    if any(r.change in ("lift", "ease") or r.told_change for r in records):
        return True
    return any(_parties(r) in restricted or (r.issuer and r.issuer.key in pressed)
               for r in records)


def resolve_corpus(extractions: list[DocumentExtraction]) -> list[DocumentExtraction]:
    resolve_people(extractions)
    resolve_acronyms(extractions)
    merge_joint_issuers(extractions)
    fill_issuers(extractions)
    merge_rules(extractions)
    fold_use_into_deployment(extractions)
    separate_bans(extractions)
    settle_changes(extractions)
    lift_eased_remainder(extractions)
    return extractions
