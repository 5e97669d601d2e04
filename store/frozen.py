"""Frozen values whose methods are written in the source, not generated at import.

`@dataclass(frozen=True)` compiles an `__init__`, `__eq__`, `__hash__`,
`__repr__`, `__setattr__` and more for every class when the module is
imported: about a millisecond a class, and the `dataclasses` module itself
loads `inspect`. A shell command such as `followup today` paid for that on
every run. A `Frozen` class writes its `__init__` by hand and takes the rest
from here, worked out from its `__slots__`:

* equal when of the same class with equal fields, hashing alike, with the
  same `repr` a dataclass has;
* assigning or deleting a field raises `dataclasses.FrozenInstanceError`;
* `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work on it: the
  dataclass description is made the first time something asks for it (by then
  `dataclasses` is loaded anyway).

A subclass lists its fields in `__slots__`, in order, annotates them, and sets
each one in `__init__` with `set_field(self, name, value)`.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from dataclasses import Field
    from typing import Any, ClassVar

__all__ = ["Frozen", "set_field"]

# Sets a field of a frozen value (its own __setattr__ refuses): the one way `__init__`
# writes, as a frozen dataclass's does.
set_field = object.__setattr__


class _Described:
    """The class's dataclass description (`__dataclass_fields__`, `__dataclass_params__`),
    made on first use from a dataclass of the same fields and defaults."""

    def __init__(self, which: str) -> None:
        self.which = which

    def __get__(self, instance: object, owner: type[Frozen]) -> Any:
        described = owner.__dict__.get("_described")
        if described is None:
            described = _describe(owner)
            type.__setattr__(owner, "_described", described)
        return described[self.which]


def _describe(cls: type[Frozen]) -> dict[str, Any]:
    from dataclasses import dataclass

    init = cls.__init__
    code = init.__code__
    names = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]
    if names != cls._field_names:
        raise TypeError(f"{cls.__qualname__}.__init__ does not take its fields in order")
    defaults = dict(zip(names[len(names) - len(init.__defaults__ or ()):],
                        init.__defaults__ or (), strict=True))
    defaults.update(init.__kwdefaults__ or {})
    shadow = type(cls.__name__, (), {
        "__annotations__": {n: cls.__annotations__[n] for n in names},
        "__qualname__": cls.__qualname__, "__module__": cls.__module__, **defaults})
    built: Any = dataclass(frozen=True)(shadow)
    return {"fields": built.__dataclass_fields__, "params": built.__dataclass_params__}


class Frozen:
    """The methods of a frozen value, from the fields its subclass lists in `__slots__`."""

    __slots__ = ()
    _field_names: ClassVar[tuple[str, ...]] = ()
    if TYPE_CHECKING:
        @staticmethod
        def _values(value: Any) -> tuple[Any, ...]:
            """The fields' values, in order (set for each subclass)."""


        # As `dataclasses` sees it (made on first use).
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    else:
        __dataclass_fields__ = _Described("fields")
        __dataclass_params__ = _Described("params")

    def __init_subclass__(cls) -> None:
        names = cls.__dict__.get("__slots__", ())
        cls._field_names = names = (names,) if isinstance(names, str) else tuple(names)
        type.__setattr__(cls, "__match_args__", names)
        # The fields as a tuple, as a dataclass compares and hashes them.
        many = attrgetter(*names) if names else (lambda _: ())
        one = (lambda v: (many(v),)) if len(names) == 1 else many
        type.__setattr__(cls, "_values", staticmethod(one))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._field_names)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    # Copying and pickling, which would otherwise set the fields through __setattr__.
    def __getstate__(self) -> tuple[Any, ...]:
        return self._values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self._field_names, state, strict=True):
            set_field(self, name, value)
