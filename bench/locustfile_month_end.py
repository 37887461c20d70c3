"""Locust users for the month-end rush (bench/month_end.py runs them; see its docstring).

    locust -f bench/locustfile_month_end.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:PORT EmployeeUser SuperiorUser      # the rush
    locust -f bench/locustfile_month_end.py ... HealthzUser         # the trivial-view ceiling

The users, their API tokens and their indicators come from the JSON file named by
KINERJA_BENCH_USERS (written by `python -m bench.month_end prepare`). Each simulated user takes
the next token of its kind, so no two users act as the same person: employees are ordered by
superior, so the first employees belong to the first superiors, whose queues they fill. There is
no think time: the users measure how much the server sustains, not how people type."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, constant_throughput, task

with open(os.environ["KINERJA_BENCH_USERS"]) as fh:
    DATA = json.load(fh)

# Tasks per second per user; unset or 0: no think time at all (the saturating run).
PACE = float(os.environ.get("KINERJA_BENCH_PACE") or 0)
_employees = itertools.cycle(DATA["employees"])
_superiors = itertools.cycle(DATA["superiors"])
ACTIVITIES = ("Memverifikasi berkas usulan", "Menyusun rekap harian", "Menginput data layanan",
              "Menyiapkan bahan rapat", "Memeriksa laporan unit")  # fmt: skip


class _ApiUser(FastHttpUser):
    abstract = True
    wait_time = constant_throughput(PACE) if PACE else constant(0)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.person['token']}"}


class EmployeeUser(_ApiUser):
    """An employee at month end: submits the day's work entry by entry and now and then looks
    at the month (the SKP's realisation page is measured for queries and time beside the rush,
    not in it: the rush is the issue's "users submitting entries and superiors verifying")."""

    weight = 9

    def on_start(self) -> None:
        self.person = next(_employees)
        self.month = (
            f"/api/v1/entries?date_from={DATA['month_from']}&date_to={DATA['today']}&page_size=50"
        )

    @task(12)
    def submit_entry(self) -> None:
        start = random.randint(7, 14)
        body = {
            "indicator_id": random.choice(self.person["indicators"]),
            "date": DATA["today"],
            "start_time": f"{start:02d}:00",
            "end_time": f"{start + 1:02d}:30",
            "activity": random.choice(ACTIVITIES),
            "quantity": random.choice(("1", "1", "2", "3")),
            "submit": True,
        }
        with self.client.post("/api/v1/entries", json=body, headers=self._headers(),
                              name="POST /entries (submit)", catch_response=True) as r:  # fmt: skip
            if r.status_code != 201:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(1)
    def my_month(self) -> None:
        self.client.get(self.month, headers=self._headers(), name="GET /entries (my month)")


class SuperiorUser(_ApiUser):
    """A superior clearing the verification queue, twenty at a time."""

    weight = 1

    def on_start(self) -> None:
        self.person = next(_superiors)

    @task
    def verify(self) -> None:
        r = self.client.get("/api/v1/verification-queue?page_size=20", headers=self._headers(),
                            name="GET /verification-queue")  # fmt: skip
        if r.status_code != 200:
            return
        ids = [e["id"] for e in r.json()["results"]]
        if not ids:
            return
        accept = random.random() < 0.9
        body = {"ids": ids, "accept": accept, "comment": "" if accept else "Lengkapi bukti dukung"}
        with self.client.post("/api/v1/entries/review", json=body, headers=self._headers(),
                              name="POST /entries/review", catch_response=True) as resp:  # fmt: skip
            if resp.status_code != 200:
                resp.failure(f"{resp.status_code}: {resp.text[:200]}")


class HealthzUser(FastHttpUser):
    """The trivial view: /healthz, one SELECT 1, through the same gunicorn."""

    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="GET /healthz")
