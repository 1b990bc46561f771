"""Generate the labelled PII sentences of the public corpora with presidio-evaluator's data generator (MIT).

Run by derive-corpora.ts inside a virtual environment with the pinned packages; writes one JSON object per line to
argv[1]: {"full_text", "spans": [{"entity_type", "entity_value", "start_position", "end_position"}], "template_id"}.

Deterministic: TZ=UTC and PYTHONHASHSEED=0 in the environment, every random source seeded before anything is built,
Faker's clock frozen at 2026-12-03 (its date providers count back from "now"), no network (the hospital provider's
WikiData query is replaced by its built-in list). The person records come from Faker's own en_US providers, not from
the package's FakeNameGenerator CSV (CC BY-SA), so the output carries MIT-licensed inputs only.
"""

import datetime as _dt
import json
import sys

import faker.providers.date_time as _faker_dates


class _AnyDate(type):
    """isinstance() against the frozen classes still accepts plain date/datetime values."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, cls.__mro__[1])


class _FrozenDateTime(_dt.datetime, metaclass=_AnyDate):
    @classmethod
    def now(cls, tz=None):
        fixed = cls(2026, 12, 3, 0, 0, 0, tzinfo=_dt.timezone.utc)
        return fixed.astimezone(tz) if tz else cls(2026, 12, 3)


class _FrozenDate(_dt.date, metaclass=_AnyDate):
    @classmethod
    def today(cls):
        return cls(2026, 12, 3)


_faker_dates.datetime = _FrozenDateTime
_faker_dates.dtdate = _FrozenDate

from presidio_evaluator.data_generator.faker_extensions import providers  # noqa: E402

providers.HospitalProvider.load_wiki_hospitals = lambda self: self.default_list

from presidio_evaluator.data_generator import PresidioSentenceFaker  # noqa: E402

SEED = 42
SENTENCES = int(sys.argv[2]) if len(sys.argv) > 2 else 3000

PresidioSentenceFaker.seed(SEED)
faker = PresidioSentenceFaker(locale="en_US", lower_case_ratio=0.05, random_seed=SEED, base_records=[{}])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for result in faker.generate_new_fake_sentences(num_samples=SENTENCES):
        record = {
            "full_text": result.full_text,
            "spans": [
                {
                    "entity_type": s.entity_type,
                    "entity_value": s.entity_value,
                    "start_position": s.start_position,
                    "end_position": s.end_position,
                }
                for s in result.spans
            ],
            "template_id": result.template_id,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
