from enum import StrEnum


class UnauthorizedInfoCode(StrEnum):
    UNAUTHORIZED = "UNAUTHORIZED"

    def __str__(self) -> str:
        return str(self.value)
