from enum import StrEnum


class ForbiddenInfoCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"

    def __str__(self) -> str:
        return str(self.value)
