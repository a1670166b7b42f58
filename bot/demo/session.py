"""The demo session: the emulator, the real bot, the seeded agency, and a chat driven from the terminal.

One process, one event loop: `BotApiSimulator` serves the Bot API on 127.0.0.1, the Application built by
`build_application` (the factory `run` uses) polls it, and the person at the keyboard acts as one of the
seeded employees through the emulator's user API. After each line the demo waits until the bot has
finished handling that update (not for a fixed time), then prints what the bot did, so a replayed script
gives the same transcript on a fast or a slow machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import re
import sys
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.app import build_application
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery.job import worker_of
from bot.demo.seed import FIRST_PERSON, PEOPLE, UNITS, NotADemoDatabase, Person, SeededAgency, seed_agency
from bot.demo.terminal import Screen, flat_buttons
from bot.runner import webapp_routes_of
from bot.simulator import BotApiSimulator, Button, ChatEvent, ChatFeed, SimMessage, SimUser, run_polling
from bot.simulator.harness import free_tcp_port
from bot.simulator.media import image_size
from bot.storage.db import create_engine, create_sessionmaker, session_scope
from bot.texts import LANGUAGES, plain
from bot.webapp.auth import sign_init_data
from bot.webapp.serve import http_server
from bot.webapp.server import starlette_app
from bot.webapp_links import signed_link

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

TIMEZONE = "Asia/Jakarta"
QUIT_COMMANDS = frozenset({"/keluar", "/exit", "/quit"})
SWITCH_COMMAND = "/as"
SEND_FILE_COMMAND = "/kirim"
RATE_KINDS = frozenset({"chat_rate", "global_rate"})
_TODAY = re.compile(r"\{today(?:-(\d{1,4}))?\}")


class Outcome(Enum):
    CONTINUE = "continue"
    QUIT = "quit"
    FAILED = "failed"  # a script line that cannot be carried out: replaying stops there


class LineReader(Protocol):
    async def read(self, prompt: str) -> str | None:
        """The next line typed, or None at end of input (Ctrl-D)."""
        ...


class StdinReader:
    """`input()` on a daemon thread per line: a read still blocked when the person quits (or presses
    Ctrl-C) cannot keep the process alive, as a thread of asyncio's default executor would."""

    async def read(self, prompt: str) -> str | None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()

        def deliver(line: str | None) -> None:
            if not future.done():
                future.set_result(line)

        def work() -> None:
            try:
                line: str | None = input(prompt)
            except EOFError:
                line = None
            with contextlib.suppress(RuntimeError):  # the loop closed while reading: nobody waits any more
                loop.call_soon_threadsafe(deliver, line)

        threading.Thread(target=work, name="demo-input", daemon=True).start()
        return await future


def update_key(update: object) -> Hashable | None:
    """What identifies an update from the user's side: their message, or their button press."""
    if not isinstance(update, Update):
        return None
    if update.callback_query is not None:
        return ("callback", update.callback_query.id)
    if update.message is not None:
        return ("message", update.message.chat.id, update.message.message_id)
    return None


def key_of_message(message: SimMessage) -> Hashable:
    return ("message", message.chat_id, message.message_id)


class UpdateTracker:
    """Knows when the bot has finished an update. PTB runs handler groups in order, one handler per group,
    and moves on to the next group after a handler fails; a catch-all handler in a group after all of the
    bot's therefore runs once the bot's handler (and the replies it awaited) is done."""

    GROUP = 1_000_000

    def __init__(self) -> None:
        self._done: set[Hashable] = set()
        self._changed = asyncio.Event()
        self.errors = 0

    def install(self, application: AnyApplication) -> None:
        application.add_handler(TypeHandler(Update, self._finished), group=self.GROUP)
        application.add_error_handler(self._failed)

    async def _finished(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        key = update_key(update)
        if key is not None:
            self._done.add(key)
            self._changed.set()

    async def _failed(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors += 1  # the bot's own error handler logs it and tells the user

    async def wait(self, key: Hashable, timeout: float) -> bool:
        """True once the update is handled; False if it is still not after `timeout` seconds."""
        try:
            async with asyncio.timeout(timeout):
                while key not in self._done:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            return key in self._done
        return True


def expand_dates(line: str, today: date) -> str:
    """`{today}` and `{today-N}` (N days ago) as d/m/yyyy, so a script's dates stay inside the windows
    the rules count (rules §2) on whatever day it is replayed."""

    def replace(match: re.Match[str]) -> str:
        day = date.fromordinal(today.toordinal() - int(match.group(1) or 0))
        return f"{day.day}/{day.month}/{day.year}"

    return _TODAY.sub(replace, line)


def read_script(text: str) -> list[str]:
    """The lines to type: blank lines and lines starting with `#` are skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def roles_of(person: Person) -> list[str]:
    roles = ["pegawai"]
    if any(other.supervisor == person.key for other in PEOPLE):
        roles.append("atasan")
    if person.hr_admin:
        roles.append("HR admin")
    return roles


def resolve_person(query: str) -> Person | list[Person]:
    """The person `/as <query>` means: a role word or key first (`hr`, `atasan`, `joko`), else a unique
    part of a name. A list when ambiguous or unknown (the candidates, possibly none)."""
    wanted = " ".join(query.split()).casefold()
    exact = [p for p in PEOPLE if wanted in (p.key, p.first_name.casefold(), *p.aliases)]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [p for p in PEOPLE if wanted and wanted in p.name.casefold()]
    return partial[0] if len(partial) == 1 else partial


def control_labels() -> frozenset[str]:
    """Back, Cancel and Skip in every language: the buttons the bot adds under questions that want text."""
    return frozenset(plain(key, lang) for key in ("button.back", "button.cancel", "button.skip")
                     for lang in LANGUAGES)


def numbered(message: SimMessage) -> bool:
    """Whether typing a number presses one of the message's buttons. Not under a question that only has
    Back/Cancel/Skip: it asks for typed text (a JP count, a date), and "2" must reach the bot as the
    answer rather than press Cancel and lose the answers so far; those buttons go by label ([Batal])."""
    labels = control_labels()
    return any(button.text not in labels for button in flat_buttons(message))


def find_button(message: SimMessage, label: str) -> Button | list[Button]:
    """A button by its label, ignoring case: exact first, else the only one containing `label`."""
    wanted = label.strip().casefold()
    buttons = flat_buttons(message)
    exact = [b for b in buttons if b.text.strip().casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [b for b in buttons if wanted and wanted in b.text.casefold()]
    return partial[0] if len(partial) == 1 else partial


class DemoChat:
    """The terminal side of the chat: who you are, what a typed line means, and what the bot did."""

    def __init__(
        self,
        sim: BotApiSimulator,
        users: dict[str, SimUser],
        tracker: UpdateTracker,
        screen: Screen,
        *,
        clock: Clock,
        timeout: float,
        echo: bool,
    ) -> None:
        self.sim = sim
        self.users = users
        self.tracker = tracker
        self.screen = screen
        self.clock = clock
        self.timeout = timeout
        self.echo = echo
        self.current = next(p for p in PEOPLE if p.key == FIRST_PERSON)
        self.feeds: dict[str, ChatFeed] = {}
        self.web_app_minutes = 60

    # -- lifecycle ------------------------------------------------------------------------------------
    def open_feeds(self) -> None:
        self.feeds = {key: self.sim.subscribe(user) for key, user in self.users.items()}

    def close_feeds(self) -> None:
        for feed in self.feeds.values():
            feed.close()

    def intro(self, database: str) -> None:
        self.screen.note(f"Demo Bot IP ASN: Telegram lokal, {database}.")
        self.screen.note(f"Instansi demo: {UNITS[0].name}, {len(PEOPLE)} pegawai, semuanya sudah tertaut.")
        self.screen.note("Ketik seperti di Telegram. Tombol: ketik nomornya (1, 2 …) atau labelnya dalam "
                         "kurung siku ([Batal]).")
        self.screen.note("/as pegawai · /as atasan · /as hr · /as <nama>: ganti pengguna · /as: daftar pengguna")
        self.screen.note("/kirim <berkas>: kirim foto/PDF · /keluar atau Ctrl-D: selesai")
        self.screen.note(f"Foto dan berkas dari bot, serta log bot: {self.screen.files_dir}")
        self.announce()

    def announce(self) -> None:
        person = self.current
        self.screen.note(f"Anda sekarang: {person.name} — {person.position_title}; "
                         f"peran: {', '.join(roles_of(person))}.")

    # -- a typed line ---------------------------------------------------------------------------------
    async def handle(self, raw: str) -> Outcome:
        line = expand_dates(raw.strip(), self.clock.now().date())
        if not line:
            return Outcome.CONTINUE
        command = line.split()[0].casefold()
        if command in QUIT_COMMANDS:
            if self.echo:
                self.screen.typed(self.current.first_name, line)
            return Outcome.QUIT
        if command == SWITCH_COMMAND:
            if self.echo:
                self.screen.typed(self.current.first_name, line)
            return self.switch(line[len(SWITCH_COMMAND):].strip())
        if command == SEND_FILE_COMMAND:
            return await self.send_file(line, line[len(SEND_FILE_COMMAND):].strip())
        if line.startswith("\\"):
            return await self.send(line, line[1:])
        keyboard = self.keyboard()
        if line.isdigit() and keyboard is not None and numbered(keyboard) and 1 <= int(line) <= len(
            flat_buttons(keyboard)
        ):
            return await self.press(line, keyboard, flat_buttons(keyboard)[int(line) - 1])
        if line.startswith("[") and line.endswith("]") and len(line) > 2:
            return await self.press_label(line, keyboard, line[1:-1])
        return await self.send(line, line)

    def switch(self, query: str) -> Outcome:
        if not query:
            for person in PEOPLE:
                names = " / ".join((person.key, *person.aliases))
                self.screen.note(f"/as {names}: {person.name}, {person.position_title} "
                                 f"({', '.join(roles_of(person))})")
            return Outcome.CONTINUE
        found = resolve_person(query)
        if isinstance(found, list):
            choices = ", ".join(p.key for p in (found or PEOPLE))
            self.screen.note(f"Tidak jelas siapa '{query}'. Pilih salah satu: {choices}.")
            return Outcome.FAILED
        self.current = found
        self.announce()
        self.flush()
        return Outcome.CONTINUE

    async def send(self, line: str, text: str) -> Outcome:
        if self.echo:
            self.screen.typed(self.current.first_name, line)
        if not text.strip():
            self.screen.note("Pesan kosong tidak dikirim.")
            return Outcome.CONTINUE
        message = await self.sim.user_sends(self.user, text)
        return await self.settle(key_of_message(message))

    async def send_file(self, line: str, argument: str) -> Outcome:
        """`/kirim FILE`: an image goes as a photo, anything else as a document, as a phone sends them
        (e.g. a certificate for /pelatihan)."""
        if self.echo:
            self.screen.typed(self.current.first_name, line)
        if not argument:
            self.screen.note("Tulis /kirim lalu nama berkasnya, mis. /kirim sertifikat.pdf")
            return Outcome.FAILED
        path = Path(argument).expanduser()
        try:
            data = path.read_bytes()
        except OSError as error:
            self.screen.note(f"Berkas {path} tidak bisa dibaca: {error.strerror or error}.")
            return Outcome.FAILED
        if image_size(data) is not None:
            message = await self.sim.user_sends_photo(self.user, data, filename=path.name)
        else:
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            message = await self.sim.user_sends_document(self.user, data, filename=path.name, mime_type=mime_type)
        return await self.settle(key_of_message(message))

    async def press(self, line: str, keyboard: SimMessage, button: Button) -> Outcome:
        if self.echo:
            self.screen.typed(self.current.first_name, line, button)
        else:
            self.screen.pressed(button)
        if button.callback_data is None:
            web_app = button.raw.get("web_app")
            if isinstance(web_app, dict):
                self.show_web_app(str(web_app.get("url", "")))
            else:
                self.screen.note(f"Tombol ini membuka tautan: {button.url}")
            return Outcome.CONTINUE
        query = await self.sim.user_presses(self.user, button.callback_data, message=keyboard)
        return await self.settle(("callback", query.id))

    async def press_label(self, line: str, keyboard: SimMessage | None, label: str) -> Outcome:
        found = find_button(keyboard, label) if keyboard is not None else []
        if isinstance(found, Button):
            assert keyboard is not None
            return await self.press(line, keyboard, found)
        if self.echo:
            self.screen.typed(self.current.first_name, line)
        offered = ", ".join(f"[{b.text}]" for b in flat_buttons(keyboard)) if keyboard else "tidak ada tombol"
        self.screen.note(f"Tidak ada satu tombol '{label}' di pesan terakhir ({offered}).")
        return Outcome.FAILED

    def show_web_app(self, url: str) -> None:
        """A Web App button: the address to open in a browser, signed as Telegram would sign it for the
        person chatting now (the demo knows the bot's token; the page checks the signature as in production)."""
        person = self.current
        init_data = sign_init_data(self.sim.token, {"id": person.telegram_user_id, "first_name": person.first_name,
                                                    "language_code": "id"}, auth_date=int(self.clock.now().timestamp()))
        self.screen.note(f"Mini App untuk {person.first_name} (buka di peramban, berlaku "
                         f"{self.web_app_minutes} menit): {signed_link(url, init_data)}")

    @property
    def user(self) -> SimUser:
        return self.users[self.current.key]

    def keyboard(self) -> SimMessage | None:
        """The latest message of the bot in this chat that still has buttons: the one numbers refer to."""
        for message in reversed(self.sim.bot_messages(self.user)):
            if message.buttons:
                return message
        return None

    async def settle(self, key: Hashable) -> Outcome:
        """Wait until the bot has handled this update, then show everything it did."""
        finished = await self.tracker.wait(key, self.timeout)
        self.flush()
        if not finished:
            self.screen.note(f"Bot belum selesai setelah {self.timeout:g} detik.")
            return Outcome.FAILED
        return Outcome.CONTINUE

    async def settle_background(self, idle: Callable[[], Awaitable[bool]], pause: float = 0.2) -> None:
        """At the end of a script: wait (at most `timeout`) until the bot has sent what it sends on its own
        (a broadcast the script confirmed), and show it, so a replayed script shows the whole story."""
        loop = asyncio.get_running_loop()
        end = loop.time() + self.timeout
        while loop.time() < end:
            if await idle():
                break
            await asyncio.sleep(pause)
        self.flush()

    # -- what the bot did -----------------------------------------------------------------------------
    def flush(self) -> None:
        """Print every event not shown yet: the current chat first, then what went to other people."""
        order = [self.current.key, *(key for key in self.feeds if key != self.current.key)]
        for key in order:
            for event in self.feeds[key].pending():
                self.show(key, event)

    def show(self, key: str, event: ChatEvent) -> None:
        recipient = None if key == self.current.key else self.users[key].first_name
        if event.kind == "message" and event.message is not None:
            self.screen.message(event.message, key, recipient=recipient, numbered=numbered(event.message))
            for button in flat_buttons(event.message):
                if recipient is None and isinstance(button.raw.get("web_app"), dict):
                    self.show_web_app(str(button.raw["web_app"].get("url", "")))
        elif event.kind == "edited" and event.message is not None:
            self.screen.edited(event.message, key, recipient=recipient, numbered=numbered(event.message))
        elif event.kind == "deleted":
            self.screen.deleted(recipient)
        elif event.kind == "callback_answer" and event.answer is not None:
            self.screen.answer(event.answer, recipient)

    # -- the two ways to drive it -----------------------------------------------------------------------
    async def replay(self, lines: Sequence[str]) -> int:
        """Type each line in turn; 1 as soon as one cannot be carried out, else 0."""
        for line in lines:
            outcome = await self.handle(line)
            if outcome is Outcome.QUIT:
                break
            if outcome is Outcome.FAILED:
                return 1
        return 0

    async def interactive(self, reader: LineReader) -> int:
        if not self.sim.transcript(self.user):
            self.screen.note("Ketik /start untuk mulai.")
        while True:
            line = await self.read_showing_events(reader)
            if line is None:
                self.screen.write()
                return 0
            if await self.handle(line) is Outcome.QUIT:
                return 0

    async def read_showing_events(self, reader: LineReader) -> str | None:
        """The next typed line; meanwhile whatever the bot sends on its own (a reminder, a broadcast)
        is printed as it arrives instead of waiting for the next line."""
        reading = asyncio.ensure_future(reader.read(self.screen.prompt(self.current.first_name)))
        listening: dict[asyncio.Future[ChatEvent], str] = {}
        try:
            while True:
                listening = {asyncio.ensure_future(anext(feed)): key for key, feed in self.feeds.items()}
                waiting: set[asyncio.Future[Any]] = {reading, *listening}
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                arrived = False
                for task, key in listening.items():
                    if not task.done():
                        task.cancel()  # a cancelled get() leaves its item in the feed's queue
                    elif not task.cancelled() and task.exception() is None:  # else: the emulator stopped
                        if not arrived:
                            self.screen.write()
                        arrived = True
                        self.show(key, task.result())
                if arrived:
                    self.flush()
                if reading.done():
                    return reading.result()
                self.screen.out.write(self.screen.prompt(self.current.first_name))
                self.screen.out.flush()
        finally:  # also on Ctrl-C: no task may outlive the chat and end unobserved
            reading.cancel()
            for task in listening:
                task.cancel()


async def background_idle(application: AnyApplication) -> bool:
    """Whether the bot has nothing left to send on its own right now: no drain of the outbox running and
    nothing due in it (a broadcast just confirmed, a reminder)."""
    return await worker_of(application).idle()


async def seed_database(url: str, clock: Clock, *, measured: bool = False) -> SeededAgency:
    """Seed the database (or find the agency a kept database already holds); `measured`: with assessments."""
    engine = create_engine(url)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            return await seed_agency(session, clock, measured=measured)
    finally:
        await engine.dispose()


async def run_demo(
    url: str,
    screen: Screen,
    *,
    database_label: str,
    script: Sequence[str] | None = None,
    reader: LineReader | None = None,
    timeout: float = 30.0,
    measured: bool = False,
) -> int:
    """The whole demo on a migrated database; returns the exit status (0 fine, 1 a script failed)."""
    clock = SystemClock(ZoneInfo(TIMEZONE))
    try:
        await seed_database(url, clock, measured=measured)
    except NotADemoDatabase as error:
        print(f"demo: {error}", file=sys.stderr)
        return 2
    async with BotApiSimulator() as sim:
        users = {
            person.key: sim.add_user(person.first_name, username=f"{person.key}_demo",
                                     user_id=person.telegram_user_id, started=True)
            for person in PEOPLE
        }
        web_port = free_tcp_port()
        settings = Settings(
            TELEGRAM_BOT_TOKEN=SecretStr(sim.token),
            TELEGRAM_API_BASE_URL=sim.base_url,
            DATABASE_URL=url,
            TIMEZONE=TIMEZONE,
            DEFAULT_LANGUAGE="id",
            # The Mini App on loopback: /rekap and /tim show its button, the demo prints a signed address.
            WEBAPP_URL=f"http://127.0.0.1:{web_port}/app/",
            WEBAPP_LISTEN="127.0.0.1",
            WEBAPP_PORT=web_port,
            # The demo database was made a moment ago: reminder occasions before it are not "missed while the
            # bot was down", so none goes out at start (only an occasion falling during the session would).
            REMINDER_GRACE_HOURS=0,
            BROADCAST_PROGRESS_SECONDS=1,  # a broadcast's report shows a second after its last message
            _env_file=None,  # the demo's settings are all here; a developer's .env must not leak in
        )
        # One process: a worker process for heavy turns (`bot.offload`) only pays off when many people
        # use the bot at once, and would cost the demo's start a second interpreter importing the bot.
        application = build_application(settings, base_url=sim.base_url, offload=False)
        tracker = UpdateTracker()
        tracker.install(application)
        chat = DemoChat(sim, users, tracker, screen, clock=clock, timeout=timeout, echo=script is not None)
        chat.open_feeds()
        chat.web_app_minutes = settings.WEBAPP_AUTH_MAX_AGE // 60
        web_app = http_server(starlette_app(webapp_routes_of(application, settings)), host="127.0.0.1", port=web_port)
        try:
            async with web_app, run_polling(application):
                chat.intro(database_label)
                if script is not None:
                    status = await chat.replay(script)
                    if status == 0:
                        await chat.settle_background(lambda: background_idle(application))
                else:
                    status = await chat.interactive(reader or StdinReader())
        finally:
            chat.close_feeds()
        # The demo doubles as a smoke test: a crash in a handler, a call Telegram would refuse, or a send over
        # one of Telegram's flood limits (the emulator forgives a script's machine-speed typing: each user
        # action refills the chat's budget, and replies are not bulk) is reported, and fails a replayed
        # script, rather than being lost in a transcript that looks fine.
        problems = [f"Telegram would refuse: {v}" for v in sim.violations if v.kind not in RATE_KINDS]
        if tracker.errors:
            problems.insert(0, f"{tracker.errors} update(s) failed in the bot (see the bot's log)")
        floods = Counter(v.kind for v in sim.violations if v.kind in RATE_KINDS)
        problems += [f"{count} send(s) over Telegram's {kind} flood limit" for kind, count in sorted(floods.items())]
    for problem in problems:
        print(f"demo: {problem}", file=sys.stderr)
    return 1 if problems and script is not None and status == 0 else status
