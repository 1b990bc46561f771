"""
Elastic Security detection rules (NDJSON for Kibana's rule import), one per alerting rule: ES|QL from pySigma's
Elasticsearch backend over ECS fields. `value_sum` has no pySigma ES|QL conversion: that rule is a hand-checked ES|QL
equivalent, marked as such in its tags and note.
"""
import json
from typing import Dict, List

from sigma.backends.elasticsearch import ESQLBackend

from .handwritten import HANDWRITTEN
from .rule_pack import PackRule
from .severity import KIBANA
from .siem_fields import mapping_pipeline

INDEX = "logs-*"
_FROM = "from * metadata _id, _index, _version"


def _rule(p: PackRule, query: str, hand_written: bool) -> Dict[str, object]:
    r = p.rule
    severity, risk = KIBANA[r.level.name.lower()]
    interval = "5m"
    span = p.rule.timespan.seconds if p.is_correlation else 300
    tags = [f"seclog.alert.{p.alert}"] + [f"SOC 2 {t.upper()}" for t in p.tag_values("soc2")]
    tags += [f"PCI DSS {t}" for t in p.tag_values("pci_dss")]
    if hand_written:
        tags.append("seclog.hand_written")
    note = f"## Triage\n\n{p.triage}\n\nSource: packages/detections/rules/{p.source} (Sigma)."
    if hand_written:
        note += "\n\nHand-checked ES|QL: pySigma's Elasticsearch backend cannot convert this correlation type."
    return {
        "rule_id": str(r.id),
        "name": r.title,
        "description": r.description,
        "type": "esql",
        "language": "esql",
        "query": query,
        "severity": severity,
        "risk_score": risk,
        "interval": interval,
        "from": f"now-{span + 300}s",
        "enabled": False,
        "tags": tags,
        "note": note,
        "false_positives": list(r.falsepositives or []),
        "author": ["seclog"],
        "license": "Apache-2.0",
        "version": 1,
        "max_signals": 100,
    }


def elastic_rules(pack: List[PackRule], ecs_map: Dict[str, str]) -> str:
    backend = ESQLBackend(processing_pipeline=mapping_pipeline("ECS", ecs_map))
    for p in [p for p in pack if not p.is_correlation]:
        backend.convert_rule(p.rule)
    lines = []
    for p in [p for p in pack if not p.building_block]:
        if p.rule.name in HANDWRITTEN:
            query, hand = HANDWRITTEN[p.rule.name]["esql"], True
        else:
            out = backend.convert_correlation_rule(p.rule) if p.is_correlation else backend.convert_rule(p.rule)
            if len(out) != 1 or not out[0].startswith(_FROM):
                raise ValueError(f"{p.source}: unexpected ES|QL conversion {out}")
            query, hand = f"from {INDEX} metadata _id, _index, _version" + out[0][len(_FROM) :], False
        lines.append(json.dumps(_rule(p, query, hand), sort_keys=True))
    return "\n".join(lines) + "\n"
