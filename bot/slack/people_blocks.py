"""Block Kit for fixing a person: the "Fix this person" button under a history, the modal
it opens, and reading the modal's answers back. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from bot.slack.blocks import Block, button, escape, section

FIX_PERSON_ACTION = "fix_person"
FIX_PERSON_VIEW = "fix_person"
CHOICE_BLOCK, CHOICE_ACTION = "fix_choice", "choice"
NAME_BLOCK, NAME_ACTION = "fix_name", "name"
ALIAS_BLOCK, ALIAS_ACTION = "fix_alias", "alias"
OPTION_TEXT_LIMIT = 75  # Slack's limit on an option's text
NAME_LIMIT = 200

Choice = Literal["merge", "detach", "rename", "not_a_person", "a_person"]
CHOICE_TEXT: dict[Choice, str] = {
    "merge": "Same person as someone else: merge into the name below",
    "detach": "Some statements are someone else's: detach the alias below",
    "rename": "Wrong name: rename to the name below",
    "not_a_person": "Not a person (“His lawyer”): leave out of history and flags",
    "a_person": "A person after all: show their statements and flags again",
}
NEEDS_NAME: frozenset[Choice] = frozenset({"merge", "rename"})


def fix_person_block(person_id: int) -> Block:
    """The actions block under a history: one button that opens the fix modal."""
    return {
        "type": "actions",
        "block_id": f"fix_person_{person_id}",
        "elements": [button("Fix this person", FIX_PERSON_ACTION, str(person_id))],
    }


@dataclass(frozen=True)
class ModalTarget:
    """Who is being fixed, and where (channel, user) to answer: the modal's private_metadata."""

    person_id: int
    channel: str
    user: str

    def to_metadata(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_metadata(cls, text: str) -> ModalTarget:
        data = json.loads(text or "{}")
        return cls(int(data["person_id"]), str(data["channel"]), str(data["user"]))


def _option(text: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": text[:OPTION_TEXT_LIMIT]}, "value": value}


def fix_person_modal(
    target: ModalTarget, name: str, aliases: Sequence[str], *, not_a_person: bool
) -> Block:
    """The modal: what is wrong (merge, detach an alias, rename, (not) a person), the other
    name for a merge or rename, and a select of the aliases that can be detached."""
    choices: list[Choice] = ["merge", "rename", "a_person" if not_a_person else "not_a_person"]
    detachable = [a for a in aliases if len(a) <= OPTION_TEXT_LIMIT]
    if detachable:
        choices.insert(1, "detach")
    blocks: list[Block] = [
        section(f"*{escape(name)}*" + (f" — also {escape(', '.join(aliases))}" if aliases else "")),
        {
            "type": "input",
            "block_id": CHOICE_BLOCK,
            "label": {"type": "plain_text", "text": "What is wrong?"},
            "element": {
                "type": "radio_buttons",
                "action_id": CHOICE_ACTION,
                "options": [_option(CHOICE_TEXT[c], c) for c in choices],
            },
        },
        {
            "type": "input",
            "block_id": NAME_BLOCK,
            "optional": True,
            "label": {"type": "plain_text", "text": "Merge into, or new name"},
            "hint": {
                "type": "plain_text",
                "text": "For a merge: who they really are. For a rename: the right name.",
            },
            "element": {
                "type": "plain_text_input",
                "action_id": NAME_ACTION,
                "max_length": NAME_LIMIT,
            },
        },
    ]
    if detachable:
        blocks.append(
            {
                "type": "input",
                "block_id": ALIAS_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "Alias to detach"},
                "element": {
                    "type": "static_select",
                    "action_id": ALIAS_ACTION,
                    "options": [_option(a, a) for a in detachable],
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": FIX_PERSON_VIEW,
        "title": {"type": "plain_text", "text": "Fix this person"},
        "submit": {"type": "plain_text", "text": "Apply"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": target.to_metadata(),
        "blocks": blocks,
    }


@dataclass(frozen=True)
class FixRequest:
    """What the editor asked for in the modal."""

    target: ModalTarget
    choice: Choice | None
    name: str
    alias: str

    def missing(self) -> dict[str, str]:
        """Inline errors (block id → text) for answers the choice needs and lacks."""
        if self.choice is None:
            return {CHOICE_BLOCK: "Choose what is wrong."}
        if self.choice in NEEDS_NAME and not self.name:
            what = "who they really are" if self.choice == "merge" else "the right name"
            return {NAME_BLOCK: f"Type {what}."}
        if self.choice == "detach" and not self.alias:
            return {ALIAS_BLOCK: "Choose the alias to detach."}
        return {}

    def to_json(self) -> dict[str, Any]:
        return {
            "target": asdict(self.target),
            "choice": self.choice,
            "name": self.name,
            "alias": self.alias,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FixRequest:
        target = data["target"]
        return cls(
            ModalTarget(int(target["person_id"]), str(target["channel"]), str(target["user"])),
            data.get("choice"),
            str(data.get("name") or ""),
            str(data.get("alias") or ""),
        )


def fix_request(view: dict[str, Any]) -> FixRequest:
    """The editor's answers, read from a submitted view's state."""
    values = (view.get("state") or {}).get("values") or {}

    def element(block: str, action: str) -> dict[str, Any]:
        found: dict[str, Any] = (values.get(block) or {}).get(action) or {}
        return found

    chosen = (element(CHOICE_BLOCK, CHOICE_ACTION).get("selected_option") or {}).get("value")
    alias = (element(ALIAS_BLOCK, ALIAS_ACTION).get("selected_option") or {}).get("value")
    name = element(NAME_BLOCK, NAME_ACTION).get("value") or ""
    choice = chosen if chosen in CHOICE_TEXT else None
    return FixRequest(
        target=ModalTarget.from_metadata(str(view.get("private_metadata") or "")),
        choice=choice,
        name=" ".join(str(name).split()),
        alias=str(alias or ""),
    )
