"""A sequence whose items are made only when asked for: the lists of ten thousand rows
or keys that the screens hand to their widgets, which draw a screenful of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class MadeOnUse(Sequence[T]):
    """Subclasses give `__len__` and `_item(index)`, for 0 <= index < len; an index
    from the end and a slice are turned into those here."""

    __slots__ = ()

    def _item(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._item(n) for n in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._item(index)
