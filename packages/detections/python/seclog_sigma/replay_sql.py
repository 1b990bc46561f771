"""The replay artefact: every rule of the pack as DuckDB SQL (pySigma, windowed backend) with its metadata."""
from typing import Dict, List

from sigma.correlations import SigmaCorrelationRule

from .duckdb_windowed import WindowedDuckDBBackend
from .rule_pack import PackRule


def _correlation(rule: SigmaCorrelationRule) -> Dict[str, object]:
    cond = rule.condition
    out: Dict[str, object] = {
        "type": rule.type.name.lower(),
        "groupBy": list(rule.group_by or []),
        "timespanSeconds": rule.timespan.seconds,
        "operator": cond.op.name.lower(),
        "count": cond.count,
    }
    if getattr(cond, "fieldref", None):
        out["field"] = cond.fieldref
    return out


def replay_entries(pack: List[PackRule]) -> List[Dict[str, object]]:
    """One JSON-ready entry per rule: metadata, the SQL to run over the `logs` table, and correlation parameters."""
    backend = WindowedDuckDBBackend()
    queries_of: Dict[str, List[str]] = {}
    # Base rules first: a correlation's query embeds the conversion of the rules it references. pySigma outputs
    # nothing for a base rule only used by correlations, but keeps its conversion on the rule.
    for p in [p for p in pack if not p.is_correlation]:
        out = backend.convert_rule(p.rule)
        queries_of[p.source] = out or p.rule.get_conversion_result()
    for p in [p for p in pack if p.is_correlation]:
        if not p.rule.group_by:
            raise ValueError(f"{p.source}: correlations of the pack group by at least one field")
        queries_of[p.source] = backend.convert_correlation_rule(p.rule)
    entries = []
    for p in pack:
        r = p.rule
        queries = queries_of[p.source]
        if len(queries) != 1:
            raise ValueError(f"{p.source}: expected one query, got {len(queries)}")
        entry: Dict[str, object] = {
            "id": str(r.id),
            "name": r.name,
            "title": r.title,
            "alert": p.alert,
            "level": r.level.name.lower() if r.level else None,
            "buildingBlock": p.building_block,
            "eventNames": p.event_names,
            "soc2": [t.upper() for t in p.tag_values("soc2")],
            "pciDss": p.tag_values("pci_dss"),
            "description": r.description,
            "triage": p.triage,
            "falsePositives": list(r.falsepositives or []),
            "source": f"rules/{p.source}",
            "sql": queries[0],
        }
        if p.is_correlation:
            entry["correlation"] = _correlation(r)
        entries.append(entry)
    return entries
