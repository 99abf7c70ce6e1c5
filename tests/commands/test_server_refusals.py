"""A PostgreSQL server that cannot be reached or refuses the connection is said in words:
where the app tried (host and port, or the local socket) and what went wrong, in the
interface language; never libpq's English as it is."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy.engine import make_url

from counsel_app.context import _driver_reason
from tests.commands.test_cli import run
from tests.conftest import _require_pg


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_server_at_the_port_names_host_and_port(capsys):
    port = _free_port()
    code, _out, err = run(capsys, "--db", f"postgresql://counsel@127.0.0.1:{port}/centre",
                          "db", "status")
    assert code == 1
    assert err == (f"Cannot open the database postgresql://counsel@127.0.0.1:{port}/centre: "
                   f"no PostgreSQL server answers at 127.0.0.1, port {port}: is it running, "
                   "and does it accept connections from this computer?\n")


def test_no_server_at_the_port_in_french(capsys):
    port = _free_port()
    code, _out, err = run(capsys, "--lang", "fr", "--db",
                          f"postgresql://counsel@127.0.0.1:{port}/centre", "db", "status")
    assert code == 1
    assert f"aucun serveur PostgreSQL ne répond à 127.0.0.1, port {port}" in err
    assert "Connection refused" not in err


def test_a_server_that_never_answers_is_said_to_be_silent(capsys):
    """Something listens but never speaks (a wrong port, a stalled server): the app waits
    for the connection timeout, then says so."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        code, _out, err = run(capsys, "--db", f"postgresql://counsel@127.0.0.1:{port}/centre"
                              "?connect_timeout=1", "db", "status")
    finally:
        listener.close()
    assert code == 1
    assert "the database server did not answer in time: check its address and port" in err


@pytest.mark.postgres
def test_a_database_the_server_does_not_have_is_named(capsys):
    server = make_url(_require_pg()).set(drivername="postgresql")
    url = server.set(database="no_such_centre").render_as_string(hide_password=False)
    code, _out, err = run(capsys, "--db", url, "db", "status")
    assert code == 1
    assert (f"the server at {server.host} has no database “no_such_centre”: check the name "
            "at the end of the URL") in err
    assert "FATAL" not in err


@pytest.mark.postgres
def test_a_user_the_server_does_not_know_is_named(capsys):
    server = make_url(_require_pg()).set(drivername="postgresql")
    url = server.set(username="nobody_here", password=None).render_as_string(
        hide_password=False)
    code, _out, err = run(capsys, "--db", url, "db", "status")
    assert code == 1
    # the test server trusts local connections (initdb -A trust), so it is the role it lacks
    assert (f"the server at {server.host} has no user “nobody_here”: check the user name in "
            "the URL") in err
    assert "FATAL" not in err


@pytest.mark.parametrize(("libpq", "said"), [
    ('connection to server at "db.centre" (10.0.0.5), port 5432 failed: FATAL:  password '
     'authentication failed for user "cora"',
     "the server at db.centre refused the password of the user “cora”"),
    ('connection to server at "db.centre" (10.0.0.5), port 5432 failed: FATAL:  no '
     'pg_hba.conf entry for host "10.0.0.9", user "cora", database "centre", no encryption',
     "the server at db.centre does not accept the user “cora” from this computer (its "
     "pg_hba.conf has no entry for it)"),
    ('connection to server at "db.centre" (10.0.0.5), port 5432 failed: fe_sendauth: no '
     'password supplied',
     "the server at db.centre asks for a password: give it in the URL or in the .pgpass "
     "file of the user running the app"),
    ('connection to server at "db.centre" (10.0.0.5), port 5432 failed: FATAL:  sorry, too '
     'many clients already',
     "the server at db.centre has too many connections open; try again in a moment"),
    ('connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: No such file '
     'or directory',
     "no PostgreSQL server is running on this computer (no socket "
     "/run/postgresql/.s.PGSQL.5432)"),
    ('connection to server at "db.centre" (10.0.0.5), port 5432 failed: server does not '
     'support SSL, but SSL was required',
     "the server at db.centre offers no encrypted connection, and the URL requires one "
     "(sslmode)"),
    ("failed to resolve host 'db.centre': [Errno -2] Name or service not known",
     "the server name “db.centre” is not known: check it, or give the server's address"),
])
def test_what_libpq_says_is_put_in_words(libpq, said):
    assert _driver_reason("connection failed: " + libpq) == said


def test_an_unknown_refusal_is_passed_on_as_it_is():
    assert _driver_reason("connection failed: something new went wrong") is None
