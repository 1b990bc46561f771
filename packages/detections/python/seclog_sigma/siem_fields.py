"""Field mapping pipelines of the SIEM artefacts, from generated/field-maps.json (written from the TypeScript maps)."""
import json
from pathlib import Path
from typing import Dict

from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation


def load_field_maps(path: Path) -> Dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


def mapping_pipeline(name: str, mapping: Dict[str, str]) -> ProcessingPipeline:
    """OTel names → SIEM fields; unmapped fields keep their OTel names (seclog ships every attribute as it is)."""
    return ProcessingPipeline(
        name=f"seclog OTel names to {name}",
        priority=20,
        items=[ProcessingItem(identifier=f"seclog_{name}_fields", transformation=FieldMappingTransformation(mapping))],
    )
