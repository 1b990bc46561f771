"""Loads the Sigma sources of the pack and reads the metadata every artefact carries."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.rule import SigmaRule

# The field that holds the OTel LogRecord EventName in the pack (it is a record field, not an attribute).
EVENT_NAME_FIELD = "event_name"
ALERT_TAG = "seclog.alert."


@dataclass
class PackRule:
    """One Sigma rule of the pack with what the generators need besides the rule itself."""

    rule: object  # SigmaRule or SigmaCorrelationRule
    source: str  # file name under rules/
    building_block: bool = False  # a base rule only used by correlations: it never alerts by itself
    event_names: List[str] = field(default_factory=list)

    @property
    def is_correlation(self) -> bool:
        return isinstance(self.rule, SigmaCorrelationRule)

    def tag_values(self, namespace: str) -> List[str]:
        return [t.name for t in self.rule.tags if t.namespace == namespace]

    @property
    def alert(self) -> str:
        names = [t.name for t in self.rule.tags if t.namespace == "seclog" and t.name.startswith("alert.")]
        if len(names) != 1:
            raise ValueError(f"{self.source}: exactly one {ALERT_TAG}<category> tag is required, found {names}")
        return names[0][len("alert.") :]

    @property
    def triage(self) -> Optional[str]:
        value = self.rule.custom_attributes.get("triage")
        return str(value).strip() if value is not None else None


def _event_names_of(rule: SigmaRule) -> List[str]:
    names = []
    for detection in rule.detection.detections.values():
        for item in detection.detection_items:
            if getattr(item, "field", None) == EVENT_NAME_FIELD:
                names.extend(str(v) for v in item.value)
    return sorted(set(names))


def load_pack(rules_dir: Path) -> List[PackRule]:
    """Every rule of `rules_dir/*.yml`, in file order, with building blocks marked and event names resolved."""
    files = sorted(rules_dir.glob("*.yml"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    collection = SigmaCollection.from_yaml("\n---\n".join(texts))
    collection.resolve_rule_references()
    rules = list(collection)
    # One Sigma document per file: the file name is the rule's source.
    if len(rules) != len(files):
        raise ValueError(f"one rule per file expected: {len(rules)} rules in {len(files)} files")
    pack = [PackRule(rule=r, source=f.name) for r, f in zip(rules, files)]
    by_name = {p.rule.name: p for p in pack if p.rule.name}
    for p in pack:
        if p.is_correlation:
            for ref in p.rule.rules:
                base = by_name[ref.rule.name]
                base.building_block = True
    for p in pack:
        if p.is_correlation:
            p.event_names = sorted({n for ref in p.rule.rules for n in _event_names_of(ref.rule)})
        else:
            p.event_names = _event_names_of(p.rule)
        if not p.event_names:
            raise ValueError(f"{p.source}: every rule selects its catalog event(s) by {EVENT_NAME_FIELD}")
    return pack
