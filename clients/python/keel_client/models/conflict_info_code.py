from enum import StrEnum


class ConflictInfoCode(StrEnum):
    CONFLICT = "CONFLICT"

    def __str__(self) -> str:
        return str(self.value)
