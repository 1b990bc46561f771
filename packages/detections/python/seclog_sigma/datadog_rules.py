"""
Datadog Cloud SIEM log detection rules (JSON for the rules API), one per alerting rule. Runs in its own venv: the
Datadog backend requires pySigma 0.11, which cannot even parse `value_sum` correlations, so this module reads the
rule files itself. Base queries come from pySigma's Datadog backend over the Datadog field map; correlations become
Datadog's own threshold aggregations (count, cardinality = distinct count, sum) over the base query, with the
rule's timespan as evaluation window. Rules comparing two fields (Sigma `fieldref`) have no Datadog log-search
equivalent: they are listed in `unsupported`, not shipped half-right. A rule whose exists-modifier the backend
cannot convert (negations) is hand-checked and tagged `seclog:hand_written`. pySigma 0.11 turns `fieldref` into a
literal match (`@user.id:@security_event.target.user.id`), a silently wrong query: those rules are excluded first.
"""
import json
from pathlib import Path
from typing import Dict, List

import yaml
from sigma.backends.datadog import DatadogBackend
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation
from sigma.rule import SigmaRule

from .severity import DATADOG

# Datadog evaluation windows, seconds.
WINDOWS = (0, 60, 300, 600, 900, 1800, 3600, 7200)
# Base queries with a negated selection, which the 0.11 backend fails on ('str' object is not callable), written out
# with the same logic in Datadog log search syntax (`-` negates, `:*` tests presence).
HANDWRITTEN_QUERIES = {
    "seclog_api_key_without_expiry": "@otel.event.name:security_event.credential.api_key.create"
    " @security_event.outcome:success -@security_event.credential.expires_at:*",
    "seclog_security_policy_changed": "@otel.event.name:security_event.policy.update"
    " @security_event.outcome:success -@security_event.policy.type:mfa",
}
AGGREGATION = {"event_count": "count", "value_count": "cardinality", "value_sum": "sum"}


def _docs(rules_dir: Path) -> List[Dict]:
    docs = []
    for f in sorted(rules_dir.glob("*.yml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        doc["_source"] = f.name
        docs.append(doc)
    return docs


def _field(name: str, mapping: Dict[str, str]) -> str:
    return mapping.get(name, name)


def _span_seconds(text: str) -> int:
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}[text[-1]]
    return int(text[:-1]) * unit


def _tags(doc: Dict) -> List[str]:
    out = []
    for t in doc.get("tags", []):
        ns, _, name = t.partition(".")
        out.append(f"seclog_alert:{name[6:]}" if ns == "seclog" else f"{ns}:{name}")
    return out


def datadog_rules(rules_dir: Path, mapping: Dict[str, str]) -> str:
    docs = _docs(rules_dir)
    by_name = {d.get("name"): d for d in docs if d.get("name")}
    backend = DatadogBackend(
        # pySigma 0.11 runs the backend's pipeline first (it prefixes every field with `@`), then this one: map the
        # prefixed names.
        processing_pipeline=ProcessingPipeline(
            items=[ProcessingItem(FieldMappingTransformation({f"@{k}": f"@{v}" for k, v in mapping.items()}))]
        )
    )
    referenced = {n for d in docs if "correlation" in d for n in d["correlation"]["rules"]}

    def base_query(doc: Dict) -> str:
        if doc["name"] in HANDWRITTEN_QUERIES:
            return HANDWRITTEN_QUERIES[doc["name"]]
        clean = {k: v for k, v in doc.items() if not k.startswith("_")}
        out = backend.convert_rule(SigmaRule.from_dict(clean))
        if len(out) != 1:
            raise ValueError(f"{doc['_source']}: unexpected Datadog conversion {out}")
        return out[0]

    rules, unsupported = [], []
    for doc in docs:
        if doc.get("name") in referenced:
            continue  # building block
        uses_fieldref = any(
            "|fieldref" in key for d in [doc] for sel in (d.get("detection") or {}).values() if isinstance(sel, dict) for key in sel
        )
        if uses_fieldref:
            unsupported.append(
                {"rule_id": str(doc["id"]), "name": doc["title"], "reason": "compares two fields (Sigma fieldref): Datadog log search cannot"}
            )
            continue
        status = DATADOG[doc["level"]]
        if "correlation" in doc:
            corr = doc["correlation"]
            base = by_name[corr["rules"][0]]
            window = _span_seconds(corr["timespan"])
            if window not in WINDOWS:
                raise ValueError(f"{doc['_source']}: {window}s is not a Datadog evaluation window")
            query: Dict[str, object] = {
                "name": "a",
                "query": base_query(base),
                "aggregation": AGGREGATION[corr["type"]],
                "groupByFields": [_field(g, mapping) for g in corr["group-by"]],
            }
            cond = corr["condition"]
            if corr["type"] == "value_count":
                query["distinctFields"] = [_field(cond["field"], mapping)]
            if corr["type"] == "value_sum":
                query["metric"] = _field(cond["field"], mapping)
            threshold = cond["gte"] - 1 if "gte" in cond else cond["gt"]
            condition = f"a > {threshold}"
        else:
            window = 300
            query = {"name": "a", "query": base_query(doc), "aggregation": "count", "groupByFields": []}
            condition = "a > 0"
        rules.append(
            {
                "name": f"seclog - {doc['title']}",
                "type": "log_detection",
                "isEnabled": False,
                "message": f"{doc['description']}\n\n## Triage\n{doc['triage']}\n\nSource: packages/detections/rules/{doc['_source']} (Sigma {doc['id']}).",
                "tags": ["source:seclog"] + _tags(doc) + (["seclog:hand_written"] if doc.get("name") in HANDWRITTEN_QUERIES else []),
                "queries": [query],
                "cases": [{"name": doc["title"], "status": status, "condition": condition}],
                "options": {
                    "detectionMethod": "threshold",
                    "evaluationWindow": window,
                    "keepAlive": max(window, 300),
                    "maxSignalDuration": 86400,
                },
                "hasExtendedTitle": True,
            }
        )
    return json.dumps({"rules": rules, "unsupported": unsupported}, indent=2, sort_keys=True) + "\n"
