"""The Mini App (issue 16): the unit map and the team as a web page opened inside Telegram.

`auth` checks the `initData` Telegram signs for the person opening the page; `views` turns the unit map and
team services (the same ones /rekap and /tim call) into the page's JSON, deciding role and scope on every
request; `server` is the Starlette application (page, static files, API) and `serve` runs it on uvicorn,
either on its own listener (polling mode) or together with the webhook (webhook mode).
"""
