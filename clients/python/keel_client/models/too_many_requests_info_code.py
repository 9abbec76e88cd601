from enum import StrEnum


class TooManyRequestsInfoCode(StrEnum):
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"

    def __str__(self) -> str:
        return str(self.value)
