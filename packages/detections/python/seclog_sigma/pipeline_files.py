"""
The field maps as pySigma processing-pipeline YAML files, for converting the pack (or your own seclog rules) with
sigma-cli: `sigma convert -t esql -p generated/pipelines/seclog-ecs.yml rules/`. Each file is loaded back with
pySigma before it is written, so a file that pySigma cannot read is never shipped.
"""
from typing import Dict

import yaml
from sigma.processing.pipeline import ProcessingPipeline


def _pipeline_yaml(name: str, ident: str, mapping: Dict[str, str]) -> str:
    doc = {
        "name": f"seclog OTel names to {name}",
        "priority": 20,
        "transformations": [{"id": ident, "type": "field_name_mapping", "mapping": dict(sorted(mapping.items()))}],
    }
    text = (
        "# Generated from packages/detections/src/field-maps.ts (scripts/sigma-generate.sh); do not edit.\n"
        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    )
    ProcessingPipeline.from_yaml(text)  # pySigma must read it
    return text


def pipeline_files(maps: Dict[str, object]) -> Dict[str, str]:
    """generated/pipelines/*.yml: ECS, Datadog, and one per CIM data model (the CIM fields depend on the model)."""
    files = {
        "generated/pipelines/seclog-ecs.yml": _pipeline_yaml("ECS", "seclog_ecs_fields", maps["ecs"]),
        "generated/pipelines/seclog-datadog.yml": _pipeline_yaml("Datadog", "seclog_datadog_fields", maps["datadog"]),
    }
    for model, mapping in sorted(maps["cim"].items()):
        files[f"generated/pipelines/seclog-cim-{model.lower()}.yml"] = _pipeline_yaml(
            f"Splunk CIM {model}", f"seclog_cim_{model.lower()}_fields", mapping
        )
    return files
