"""
Splunk saved searches (savedsearches.conf) over CIM field names: pySigma's Splunk backend with the CIM field map of
the event's data model. Every search starts with the `seclog_security_events` macro (define it as your index and
sourcetype). `value_sum` has no pySigma conversion: that search is a hand-checked equivalent.
"""
from typing import Dict, List

from sigma.backends.splunk import SplunkBackend

from .handwritten import HANDWRITTEN
from .rule_pack import PackRule
from .severity import SPLUNK
from .siem_fields import mapping_pipeline

MACRO = "`seclog_security_events`"


def _model_of(p: PackRule, event_models: Dict[str, str]) -> str:
    models = {event_models[e] for e in p.event_names}
    if len(models) != 1:
        raise ValueError(f"{p.source}: events of several CIM models {models}")
    return models.pop()


def splunk_searches(pack: List[PackRule], cim_maps: Dict[str, Dict[str, str]], event_models: Dict[str, str]) -> str:
    backends = {m: SplunkBackend(processing_pipeline=mapping_pipeline(f"CIM {m}", f)) for m, f in cim_maps.items()}
    for p in [p for p in pack if not p.is_correlation]:
        backends[_model_of(p, event_models)].convert_rule(p.rule)
    stanzas = [
        "# Generated from packages/detections/rules by pySigma (scripts/sigma-generate.sh); do not edit.",
        "# Define the macro `seclog_security_events` (e.g. index=security sourcetype=seclog:otel) before enabling.",
    ]
    for p in [p for p in pack if not p.building_block]:
        model = _model_of(p, event_models)
        if p.rule.name in HANDWRITTEN:
            query, hand = HANDWRITTEN[p.rule.name]["splunk"], True
        else:
            backend = backends[model]
            out = backend.convert_correlation_rule(p.rule) if p.is_correlation else backend.convert_rule(p.rule)
            if len(out) != 1:
                raise ValueError(f"{p.source}: unexpected SPL conversion {out}")
            query, hand = out[0], False
        span = p.rule.timespan.seconds if p.is_correlation else 300
        search = f"{MACRO} {query}".replace("\n", " \\\n")
        stanzas.append(
            "\n".join(
                [
                    "",
                    f"[seclog - {p.rule.title}]",
                    f"description = {p.rule.description}" + (" (hand-checked SPL: pySigma cannot convert value_sum)" if hand else ""),
                    f"search = {search}",
                    f"# CIM data model: {model}; alert category: {p.alert}; source: packages/detections/rules/{p.source}",
                    "cron_schedule = */5 * * * *",
                    f"dispatch.earliest_time = -{span + 300}s",
                    "dispatch.latest_time = now",
                    "enableSched = 0",
                    "counttype = number of events",
                    "relation = greater than",
                    "quantity = 0",
                    f"alert.severity = {SPLUNK[p.rule.level.name.lower()]}",
                    "alert.track = 1",
                    "alert.suppress = 0",
                ]
            )
        )
    return "\n".join(stanzas) + "\n"
