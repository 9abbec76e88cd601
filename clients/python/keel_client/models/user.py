from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """The public shape of a user: never the hash, counters or session state.

    Attributes:
        id (str):
        email (str):
        name (str):
        role (Role):
        created_at (str):
        updated_at (str):
        email_verified (bool | Unset):  Default: False.
    """

    id: str
    email: str
    name: str
    role: Role
    created_at: str
    updated_at: str
    email_verified: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name = self.name

        role = self.role.value

        created_at = self.created_at

        updated_at = self.updated_at

        email_verified = self.email_verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "role": role,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        name = d.pop("name")

        role = Role(d.pop("role"))

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

        email_verified = d.pop("email_verified", UNSET)

        user = cls(
            id=id,
            email=email,
            name=name,
            role=role,
            created_at=created_at,
            updated_at=updated_at,
            email_verified=email_verified,
        )

        user.additional_properties = d
        return user

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
