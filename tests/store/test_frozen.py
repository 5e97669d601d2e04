"""Frozen values (`store.frozen`): each behaves as the frozen dataclass it replaces."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib
import pickle
import pkgutil

import pytest

import store
import tui
import widgets
from store.frozen import Frozen
from store.models import Interviewer, ThankChannel


def _every_frozen_class() -> list[type[Frozen]]:
    for package in (store, tui, widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if module.name != "tui.__main__":
                importlib.import_module(module.name)
    found: list[type[Frozen]] = []
    waiting = list(Frozen.__subclasses__())
    while waiting:
        cls = waiting.pop()
        found.append(cls)
        waiting.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FROZEN = _every_frozen_class()


def test_the_values_are_found() -> None:
    assert Interviewer in FROZEN and len(FROZEN) > 20


@pytest.mark.parametrize("cls", FROZEN, ids=lambda cls: cls.__qualname__)
def test_each_value_takes_its_fields_in_order_and_describes_them(cls: type[Frozen]) -> None:
    # Its dataclass description is made from __init__: a field left out of __init__,
    # or taken in another order than __slots__ lists them, refuses here.
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    assert names == cls._field_names
    assert dataclasses.is_dataclass(cls)
    assert cls.__match_args__ == names  # type: ignore[attr-defined]
    annotations: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    assert set(names) <= set(annotations), "every field is annotated"


def _sam(**changes: object) -> Interviewer:
    values: dict[str, object] = {"id": "i1", "name": "Sam Ortiz", "title": "CTO",
                                 "thanked_on": dt.date(2026, 11, 26),
                                 "thanked_via": ThankChannel.EMAIL}
    values.update(changes)
    return Interviewer(**values)  # type: ignore[arg-type]


def test_equal_values_are_equal_and_hash_alike() -> None:
    assert _sam() == _sam() and hash(_sam()) == hash(_sam())
    assert _sam() != _sam(title="CEO")
    assert len({_sam(), _sam(), _sam(title="CEO")}) == 2
    assert _sam() != ("i1", "Sam Ortiz")  # not equal to its fields as a tuple


def test_a_value_reads_as_a_dataclass_would() -> None:
    assert repr(_sam(thanked_on=None, thanked_via=None)) == (
        "Interviewer(id='i1', name='Sam Ortiz', title='CTO', email='', phone='', "
        "hiring_manager=False, topic='', thanked_on=None, thanked_via=None)")


def test_a_value_cannot_be_changed_in_place() -> None:
    sam = _sam()
    with pytest.raises(dataclasses.FrozenInstanceError):
        sam.name = "Someone else"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del sam.name  # type: ignore[misc]
    assert sam.name == "Sam Ortiz"


def test_replace_copy_and_pickle_give_equal_values() -> None:
    sam = _sam()
    changed = dataclasses.replace(sam, title="CEO")
    assert changed.title == "CEO" and changed.name == "Sam Ortiz" and sam.title == "CTO"
    assert copy.copy(sam) == sam and copy.deepcopy(sam) == sam
    assert pickle.loads(pickle.dumps(sam)) == sam
    assert dataclasses.asdict(sam)["thanked_on"] == dt.date(2026, 11, 26)
