from enum import StrEnum


class BadRequestInfoCode(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"

    def __str__(self) -> str:
        return str(self.value)
