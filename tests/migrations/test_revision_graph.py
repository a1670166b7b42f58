"""The start-up check reads the migration graph without Alembic (`bot.storage.schema.revision_graph`): it must
agree with Alembic's own reading, merges included, and the bot's start must not import Alembic at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.storage.schema import alembic_config, head_revisions, known_revisions, revision_graph


def test_the_graph_read_from_the_files_is_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    def parents(down: str | tuple[str, ...] | None) -> tuple[str, ...]:
        return () if down is None else (down,) if isinstance(down, str) else tuple(down)

    assert revision_graph() == {r.revision: parents(r.down_revision) for r in script.walk_revisions()}
    assert head_revisions() == tuple(sorted(script.get_heads()))
    assert known_revisions() == sorted(r.revision for r in script.walk_revisions())


def test_two_branches_have_two_heads_until_merged(tmp_path: Path) -> None:
    def migration(name: str, revision: str, down: str) -> None:
        (tmp_path / f"{name}.py").write_text(f'"""{name}"""\nrevision: str = "{revision}"\n'
                                             f"down_revision: str | tuple[str, ...] | None = {down}\n")

    migration("a", "a1", "None")
    migration("b", "b1", '"a1"')
    migration("c", "c1", '"a1"')
    (tmp_path / "helpers.py").write_text("X = 1\n")  # not a migration
    assert revision_graph(tmp_path) == {"a1": (), "b1": ("a1",), "c1": ("a1",)}
    migration("d", "d1", '("b1", "c1")')
    revision_graph.cache_clear()
    assert revision_graph(tmp_path)["d1"] == ("b1", "c1")


def test_starting_the_bot_imports_neither_alembic_nor_openpyxl_nor_matplotlib() -> None:
    """What `python -m bot run` loads before it polls: the parser of every command, the schema check, the
    application. Heavy libraries wait for the command or the export that needs them."""
    probe = (
        "import sys\n"
        "from bot.__main__ import build_parser\n"
        "build_parser()\n"
        "from bot.runner import run_command\n"
        "from bot.storage.schema import check_schema_current\n"
        "from bot.app import build_application\n"
        "from bot.config import Settings\n"
        "build_application(Settings(TELEGRAM_BOT_TOKEN='123:abc', DATABASE_URL='sqlite+aiosqlite://'), offload=False)\n"
        "heavy = {'alembic', 'mako', 'openpyxl', 'matplotlib', 'numpy', 'PIL'}\n"
        "heavy = {'alembic', 'mako', 'openpyxl', 'matplotlib', 'numpy', 'PIL'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
