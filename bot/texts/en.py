"""English: the second language of the bot."""

MESSAGES: dict[str, str] = {
    "cmd.start": "Start and link your account",
    "cmd.asesmen": "IP ASN self-assessment",
    "cmd.nilai": "Your latest IP ASN score",
    "cmd.riwayat": "Assessment history",
    "cmd.pelatihan": "Log a learning activity",
    "cmd.jp": "JP this year and the shortfall",
    "cmd.bahasa": "Change language",
    "cmd.dataku": "Download my data",
    "cmd.hapusdata": "Delete my data",
    "cmd.bantuan": "Help",
    "cmd.batal": "Cancel the current step",
    "button.back": "◀ Back",
    "button.cancel": "✖ Cancel",
    "button.continue": "Continue ▶",
    "button.skip": "Skip ▶",
    "button.yes": "Yes",
    "button.no": "Not yet",
    "menu.asesmen": "📝 Assessment",
    "menu.nilai": "📊 Score",
    "menu.pelatihan": "➕ Training",
    "menu.jp": "⏱ My JP",
    "menu.riwayat": "📈 History",
    "menu.bantuan": "❓ Help",
    "menu.recompute": "🔄 Recompute with today's records",
    "start.ask_code": (
        "Welcome to the <b>IP ASN Bot</b>. It helps you measure your ASN Professionalism Index "
        "and track the yearly 20 JP of competency development.\n\n"
        "To begin, send the <b>link code</b> you received from your HR office (e.g. K7MQX-3RWPA)."
    ),
    "start.welcome": "Hello, <b>{name}</b>! What would you like to do?",
    "link.ok": "Your Telegram account is now linked to the employee record of <b>{name}</b> (NIP {nip}).",
    "link.invalid": "Unknown code. Check the code from your HR office and send it again.",
    "link.expired": "This code has expired. Ask your HR office for a new one.",
    "link.used": "This code has already been used. Ask your HR office for a new one.",
    "link.locked": "Too many wrong codes. Please try again after {until}.",
    "link.taken": (
        "This Telegram account is already linked to another employee. Unlink it with /hapusdata "
        "or contact your HR office."
    ),
    "link.inactive": "The employee record for this code is inactive. Contact your HR office.",
    "link.needed": "Your account is not linked yet. Send the link code from your HR office first.",
    "link.code_format": "That is not a link code. A code has letters and digits, e.g. K7MQX-3RWPA.",
    "link.already": "Already saved: your Telegram account is linked to <b>{name}</b> (NIP {nip}).",
    "hint.unknown": "Sorry, I did not understand. Pick a menu item below or type /bantuan.",
    "hint.unknown_command": "Unknown command {command}. Pick a menu item below or type /bantuan.",
    "button.expired": "This button is no longer valid.",
    "button.expired_long": "That button is no longer valid. Please continue from the latest question.",
    "dialog.cancelled": "Cancelled. Nothing already saved was changed.",
    "dialog.already_done": "Already saved: {receipt}",
    "dialog.nothing_to_cancel": "Nothing is in progress.",
    "dialog.use_buttons": "Please choose one of the buttons below the question.",
    "dialog.no_file_here": "I am not expecting a file right now. Please answer this question:",
    "dialog.resume": "Let us continue from the latest question:",
    "dialog.busy": "You are in the middle of the {flow}. Finish it or type /batal first.",
    "flow.assessment": "assessment",
    "flow.training": "training log",
    "flow.delete": "data deletion",
    "error.generic": "Sorry, something went wrong. Please try again in a moment.",
    "error.date_format": (
        "I could not read that date. Write e.g. <code>12/3/2026</code>, <code>12-03-2026</code>, "
        "<code>2026-03-12</code> or <code>12 March 2026</code>."
    ),
    "error.date_invalid": "That date does not exist. Check the day and month.",
    "error.date_future": "The date cannot be in the future.",
    "error.date_too_old": "The date cannot be before 1970.",
    "error.number_format": "Write a number only, e.g. <code>8</code> or <code>2.5</code>.",
    "error.number_positive": "The number must be greater than 0.",
    "error.number_too_large": "That number is too large (at most {max:g}).",
    "error.score_format": "Write the appraisal score as a number 0–100, e.g. <code>87.5</code>.",
    "error.score_range": "An appraisal score is between 0 and 100.",
    "error.title_empty": "The title cannot be empty.",
    "error.title_too_long": "The title is too long (at most {max} characters).",
    "error.text_too_long": "The answer is too long (at most {max} characters).",
    "error.text_expected": "I am expecting a text answer.",
    "error.education": "Choose an education level with the buttons below.",
    "error.skp_year": "Write the appraisal year, e.g. <code>2019</code> (numeric SKP ended in 2019).",
    "error.file_too_large": "The file is too large (at most 20 MB).",
    "error.file_type": "Send a photo or a PDF file.",
    "asm.education": (
        "<b>Step {n}/{total} · Qualification</b>\nYour highest education on record: <b>{current}</b>.\n"
        "Choose the correct level:"
    ),
    "asm.position": (
        "<b>Step {n}/{total} · Position</b>\nYour position type on record: <b>{current}</b>.\n"
        "Choose the correct type:"
    ),
    "asm.leadership": (
        "<b>Step {n}/{total} · Leadership training</b>\nA {position} post requires <b>{required}</b>.\n"
        "On record: {recorded}.\nThe highest leadership training you have completed?"
    ),
    "asm.leadership_date": "When did you complete {level}? Write the date, e.g. <code>12/3/2019</code>.",
    "asm.functional": (
        "<b>Step {n}/{total} · Functional training</b>\nHave you completed functional training that "
        "<b>matches your post</b>? Examples: PPG/certification for teachers, professional education for "
        "doctors, pharmacists, nurses, midwives; the training that forms a functional post.\n"
        "On record: {recorded}."
    ),
    "asm.functional_date": "When did you complete it? Write the date, e.g. <code>1/8/2021</code>.",
    "asm.technical": (
        "<b>Step {n}/{total} · Technical training</b>\nTechnical training since {start}:\n{items}\n"
        "Total: <b>{jp} JP</b> ({min} JP needed). Anything missing?"
    ),
    "asm.seminar": (
        "<b>Step {n}/{total} · Seminar/workshop/internship/course</b>\nSince {start}:\n{items}\n"
        "Anything missing?"
    ),
    "asm.none_listed": "— none yet —",
    "asm.item": "• {title} — {jp} JP ({date})",
    "asm.item_nojp": "• {title} ({date})",
    "asm.add_technical": "➕ Add technical training",
    "asm.add_seminar": "➕ Add seminar/workshop",
    "asm.ask_title": "What is the activity called? (e.g. <i>Digital Records Management Training</i>)",
    "asm.ask_jp": "How many JP? Write a number, e.g. <code>8</code>. For hours, write e.g. <code>6 hours</code>.",
    "asm.ask_jp_optional": (
        "How many JP? Write a number, e.g. <code>4</code>, or <code>3 hours</code>. Press Skip if unsure."
    ),
    "asm.ask_date": "When did it end? E.g. <code>12/3/2026</code> or <code>12 March 2026</code>.",
    "asm.skp": "<b>Step {n}/{total} · Performance (SKP)</b>\nOn record: {recorded}.\nYour latest appraisal rating?",
    "asm.skp_numeric": "🔢 Numeric score (old SKP)",
    "asm.skp_none": "No appraisal yet",
    "asm.skp_score": "Write your old appraisal score (0–100), e.g. <code>87.5</code>.",
    "asm.skp_year": "Which year was that appraisal? (numeric SKP ended in 2019), e.g. <code>2019</code>.",
    "asm.penalty": (
        "<b>Step {n}/{total} · Discipline</b>\nDisciplinary penalties on record in the last 5 years: {recorded}.\n"
        "Any other disciplinary penalty in the last 5 years?"
    ),
    "asm.penalty_none": "None",
    "asm.penalty_date": "The penalty's effective date (TMT)? E.g. <code>15/1/2024</code>.",
    "asm.confirm": "<b>Step {n}/{total} · Check your answers</b>\n{summary}\n\nCompute the score now?",
    "asm.compute": "✅ Compute score",
    "asm.summary_line": "• {label}: {value}",
    "asm.label.education": "Education",
    "asm.label.position": "Position",
    "asm.label.leadership": "Leadership training",
    "asm.label.functional": "Functional training",
    "asm.label.technical": "Technical training",
    "asm.label.seminars": "Seminar/workshop",
    "asm.label.skp": "SKP",
    "asm.label.penalties": "Penalties",
    "asm.record.leadership": "Diklat kepemimpinan {level}",
    "asm.record.functional": "Diklat fungsional sesuai jabatan",
    "asm.receipt": "the assessment of {day}, IP ASN <b>{total}</b> ({category}). See /nilai.",
    "asm.nothing_recorded": "nothing",
    "asm.leadership_none": "None yet",
    "result.header": "<b>ASN Professionalism Index: {total}</b> — <b>{category}</b>",
    "result.as_of": "As of {day} · rule set {ruleset}",
    "result.unofficial": (
        "<i>Note: CPNS and PPPK are outside the official measurement; this is for your own insight.</i>"
    ),
    "result.dimension": "<b>{name}</b>: {points}/{max}",
    "result.indicator": "{mark} {name}: {points}/{max}\n    <i>{reason}</i>",
    "result.advice_header": "<b>What would raise your score:</b>",
    "result.advice_item": "{n}. {text}",
    "result.no_advice": "Every indicator you can change is at its maximum. 👏",
    "result.chart_caption": "The four IP ASN dimensions against their maxima.",
    "result.none_yet": "You have not done an assessment yet. Start with /asesmen.",
    "result.recomputed": "Recomputed with today's records.",
    "history.header": "<b>Assessment history</b>",
    "history.item": "• {day}: <b>{total}</b> — {category}",
    "history.chart_title": "IP ASN history",
    "history.empty": "No assessments yet. Start with /asesmen.",
    "jp.line_short": "JP this year: <b>{jp}</b> of 20 JP — <b>{shortfall} JP</b> short.",
    "jp.line_met": "JP this year: <b>{jp}</b> — the 20 JP obligation is met. ✅",
    "jp.status": "{line}\nDays left this year: {days}.\n\n<b>Activities in {year}:</b>\n{items}",
    "jp.item": "• {date} · {kind} · {title} — {jp} JP",
    "jp.none": "— no activities logged —",
    "trn.kind": "Which kind of learning activity do you want to log?",
    "trn.kind.kepemimpinan": "Leadership training",
    "trn.kind.fungsional": "Functional training",
    "trn.kind.teknis": "Technical training",
    "trn.kind.seminar": "Seminar/workshop/internship/course",
    "trn.kind.lainnya": "Other (e-learning, coaching, …)",
    "trn.level": "Which leadership training level?",
    "trn.match": "Does this functional training match your current post?",
    "trn.certificate": "Send a photo of the certificate or a PDF if you have one (optional).",
    "trn.saved": "✅ Saved: <b>{title}</b> — {jp} JP, {date}.",
    "trn.certificate_saved": "Certificate attached.",
    "data.caption": "Everything the bot holds about you.",
    "delete.confirm": (
        "This will <b>delete</b> everything you entered yourself (activities, appraisals and penalties you "
        "recorded, and your assessment history) and <b>unlink</b> this Telegram account. "
        "The HR roster record remains. Continue?"
    ),
    "delete.yes": "🗑 Yes, delete my data",
    "delete.done": (
        "Your data has been deleted ({records} records, {assessments} assessments) and the account unlinked. "
        "To use the bot again, ask your HR office for a new link code."
    ),
    "lang.ask": "Pilih bahasa / Choose a language:",
    "lang.set": "Language changed to English.",
    "help": (
        "<b>IP ASN Bot</b> helps you measure your <i>ASN Professionalism Index</i> "
        "(PermenPANRB 38/2018, BKN Regulation 8/2019) and track the yearly 20 JP of competency development.\n\n"
        "<b>How it is computed</b> (0–100):\n"
        "• <b>Qualification</b> (max 25): highest education. Doctorate 25, master 20, bachelor/D-IV 15, "
        "D-III 10, D-I/D-II/senior high 5, below that 1.\n"
        "• <b>Competence</b> (max 40): leadership (structural posts) or functional (functional posts) "
        "training matching the post, at least 20 JP of technical training in 12 months, and a seminar/"
        "workshop in 24 months.\n"
        "• <b>Performance</b> (max 30): the latest appraisal (SKP) rating.\n"
        "• <b>Discipline</b> (max 5): no disciplinary penalty in the last 5 years.\n"
        "Categories: Very High &gt;90, High &gt;80, Medium &gt;70, Low &gt;60, Very Low ≤60.\n\n"
        "<b>Commands</b>\n"
        "/asesmen — step-by-step self-assessment\n"
        "/nilai — latest score and advice\n"
        "/riwayat — assessment history\n"
        "/pelatihan — log training or a seminar\n"
        "/catatan — your records: correct, withdraw or dispute\n"
        "/jp — JP this year\n"
        "/pengingat — 20 JP reminders: turn off or on\n"
        "/bahasa — change language\n"
        "/dataku — download your data\n"
        "/hapusdata — delete your data\n"
        "/batal — cancel the current step"
    ),
}
