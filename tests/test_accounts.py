"""Accounts: the permission model (roles × actions × region scopes), users, passwords, tokens,
login throttling, and the ``planscope user`` / ``planscope token`` commands."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planscope.accounts.roles import ACTIONS, ROLES, Actor, can, covers, local_operator, scope_prefix
from planscope.accounts.throttle import LoginResult, Throttle, login
from planscope.accounts.tokens import create_token, revoke_token, user_for_token
from planscope.accounts.users import authenticate, change_user, create_user
from planscope.cli.commands import main
from planscope.datafiles import problems
from planscope.errors import AccountError, PermissionDenied
from planscope.store import ApiToken, Database, User

from storemaker import PASSWORD, users

# What each role may do, written out here (not read from roles.toml): the test of the data file.
MATRIX = {
    "admin": {"read", "ingest", "delete_document", "enter_observation", "review_observation", "manage_users",
              "read_audit", "manage_tasks", "report_progress", "confirm_progress", "revise_plan"},
    "planner": {"read", "ingest", "delete_document", "enter_observation", "review_observation", "manage_tasks",
                "report_progress", "confirm_progress", "revise_plan"},  # supervision (issue 13)
    "reviewer": {"read", "enter_observation", "review_observation", "report_progress", "confirm_progress"},
    "reporter": {"read", "enter_observation", "report_progress"},
    "viewer": {"read"},
}

# scope → the regions it covers among TARGETS (示例省 990000 > 示例市 990100 > 示例县 990121, 示例区 990102;
# 样板市 990200 beside 示例市; 320583 elsewhere; None: a document whose region is unknown)
TARGETS = ("990000", "990100", "990121", "990102", "990200", "320583", None)
COVERED = {
    "100000": set(TARGETS),
    "990000": {"990000", "990100", "990121", "990102", "990200"},
    "990100": {"990100", "990121", "990102"},
    "990121": {"990121"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", sorted(COVERED))
def test_a_role_may_do_its_actions_in_its_region_and_below_and_nothing_else(role: str, scope: str) -> None:
    user = Actor("someone", role, scope)
    for action in ACTIONS:
        for target in TARGETS:
            expected = action in MATRIX[role] and target in COVERED[scope]
            assert can(user, action, target) is expected, (role, scope, action, target)


def test_the_nation_is_written_three_ways_and_a_county_scope_has_no_prefix_beyond_itself() -> None:
    assert scope_prefix("100000") == scope_prefix("000000") == ""
    assert scope_prefix("990000") == "99" and scope_prefix("990100") == "9901" and scope_prefix("990121") == "990121"
    assert covers("990100", "990121") and not covers("990120", "990121")  # county codes are not prefixes


def test_a_disabled_user_may_do_nothing_and_an_unknown_action_is_a_bug() -> None:
    assert not can(Actor("x", "admin", "100000", active=False), "read", "990121")
    with pytest.raises(ValueError, match="unknown action"):
        can(Actor("x", "admin", "100000"), "delete_everything", "990121")


def test_a_refusal_says_in_words_what_was_refused_not_the_action_id() -> None:
    from planscope.accounts.roles import require

    with pytest.raises(PermissionDenied) as by_role:
        require(Actor("li", "reporter", "990121"), "review_observation", "990121")
    assert "无权审核填报值" in str(by_role.value) and "accept or reject entered values" in str(by_role.value)
    with pytest.raises(PermissionDenied) as by_region:
        require(Actor("li", "reporter", "990121"), "enter_observation", "990100")
    message = str(by_region.value)
    assert "填报实际值" in message and "超出其地区范围" in message and "enter observed values" in message
    assert "enter_observation" not in message and "review_observation" not in str(by_role.value)


def test_roles_toml_is_checked_against_the_code(tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("planscope.data").joinpath("roles.toml").read_text("utf-8")
    (tmp_path / "roles.toml").write_text(text.replace('id = "viewer"', 'id = "visitor"'), "utf-8")
    found = [p for p in problems(tmp_path) if p.startswith("roles.toml")]
    assert any("'viewer' is missing" in p for p in found), found
    assert any("'visitor' is unknown" in p for p in found), found
    (tmp_path / "roles.toml").write_text(text.replace('"read_audit"]', '"read_audits"]'), "utf-8")
    found = [p for p in problems(tmp_path) if p.startswith("roles.toml")]
    assert any("read_audits" in p and "names no [[action]]" in p for p in found), found
    assert not [p for p in problems() if p.startswith("roles.toml")]


# ---------------------------------------------------------------- users and passwords


def test_users_are_created_with_an_argon2_hash_and_authenticate(db: Database) -> None:
    users(db, ("county_reporter",))
    with db.session() as session:
        stored = session.scalar(select(User).where(User.name == "county_reporter"))
        assert stored is not None and stored.password_hash and stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash and stored.region == "示例县"
        assert authenticate(session, "county_reporter", PASSWORD) is not None
        assert authenticate(session, "county_reporter", PASSWORD + "x") is None
        assert authenticate(session, "nobody", PASSWORD) is None


def test_a_refusal_costs_one_verification_whether_or_not_the_name_exists(db: Database,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from planscope.accounts import passwords

    users(db, ("county_reporter", "city_viewer"))
    with db.session() as session:
        change_user(session, local_operator(), "city_viewer", active=False)
    calls: list[str] = []
    real = passwords.verify
    monkeypatch.setattr(passwords, "verify", lambda stored, pw: calls.append(pw) or real(stored, pw))
    for name in ("nobody", "city_viewer", "county_reporter"):
        calls.clear()
        with db.session() as session:
            assert authenticate(session, name, "not-the-password") is None
        assert len(calls) == 1, name


@pytest.mark.parametrize(("name", "password", "role", "region", "reason"), [
    ("a", "", "viewer", "示例县", "密码为空"),
    ("a", "short1", "viewer", "示例县", "weak password"),
    ("a", "aaaaaaaaaaaa", "viewer", "示例县", "weak password"),
    ("zhao", "zhao12345678", "viewer", "示例县", "contains the user name"),
    ("a", PASSWORD, "boss", "示例县", "unknown role"),
    ("a", PASSWORD, "viewer", "不存在县", "unknown region"),
    ("a b", PASSWORD, "viewer", "示例县", "invalid user name"),
])
def test_a_user_that_cannot_be_made_is_refused_with_its_reason(db: Database, name: str, password: str, role: str,
                                                                region: str, reason: str) -> None:
    with db.session() as session, pytest.raises(Exception, match=reason):
        create_user(session, local_operator(), name, password, role, region)
    with db.session() as session:
        assert session.scalar(select(User)) is None


def test_a_name_is_taken_once_and_a_disabled_user_cannot_log_in(db: Database) -> None:
    users(db, ("county_reporter",))
    with db.session() as session, pytest.raises(AccountError, match="exists already"):
        create_user(session, local_operator(), "county_reporter", PASSWORD, "viewer", "示例县")
    with db.session() as session:
        change_user(session, local_operator(), "county_reporter", active=False)
    with db.session() as session:
        assert authenticate(session, "county_reporter", PASSWORD) is None


def test_users_are_managed_only_within_the_managers_region(db: Database) -> None:
    made = users(db, ("prov_admin", "city_planner"))
    with db.session() as session:
        create_user(session, made["prov_admin"], "county_viewer", PASSWORD, "viewer", "示例县")
    for actor, region in ((made["prov_admin"], "320583"), (made["city_planner"], "990121")):
        with db.session() as session, pytest.raises(PermissionDenied):
            create_user(session, actor, "another", PASSWORD, "viewer", region)
    with db.session() as session, pytest.raises(PermissionDenied, match="320583"):  # moving a user out of scope
        change_user(session, made["prov_admin"], "county_viewer", region="320583")


# ---------------------------------------------------------------- tokens


def test_a_token_is_shown_once_stored_as_a_hash_and_revoked(db: Database) -> None:
    users(db, ("county_reporter",))
    with db.session() as session:
        token = create_token(session, local_operator(), "county_reporter")
    with db.session() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None and token not in (row.token_hash, row.prefix) and token.startswith(row.prefix)
        found = user_for_token(session, token)
        assert found is not None and found.name == "county_reporter"
        assert user_for_token(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    with db.session() as session:
        assert session.scalar(select(ApiToken.last_used_at)) is not None
        revoke_token(session, local_operator(), token[:10])
    with db.session() as session:
        assert user_for_token(session, token) is None


# ---------------------------------------------------------------- throttling

POLICY = Throttle(failures=3, window=timedelta(minutes=10), lock=timedelta(minutes=5))
T0 = datetime(2026, 12, 4, 9, 0)


def _login(db: Database, password: str, minutes: float, address: str = "10.0.0.7") -> LoginResult:
    with db.session() as session:
        return login(session, "county_reporter", password, address, POLICY, T0 + timedelta(minutes=minutes))


def test_three_failures_lock_the_name_from_that_address_then_the_lock_ends(db: Database) -> None:
    users(db, ("county_reporter",))
    first, second = _login(db, "wrong", 0), _login(db, "wrong", 1)
    assert (first.failures_left, second.failures_left) == (2, 1)
    third = _login(db, "wrong", 2)
    assert third.locked_until == T0 + timedelta(minutes=7)
    assert "locked until" in third.message
    assert not _login(db, PASSWORD, 3).ok  # the right password, but locked
    assert _login(db, PASSWORD, 3, address="10.0.0.8").ok  # another address
    assert _login(db, PASSWORD, 7.5).ok  # the lock has run out
    assert _login(db, "wrong", 8).failures_left == 2  # a success cleared the count


def test_failures_spread_wider_than_the_window_never_lock(db: Database) -> None:
    users(db, ("county_reporter",))
    for minute in (0, 6, 12, 18, 24):
        result = _login(db, "wrong", minute)
        assert result.locked_until is None, minute


def test_the_lock_holds_across_processes_sharing_the_database(db: Database) -> None:
    users(db, ("county_reporter",))
    other = Database(db.url)  # a second worker: its own engine and connections
    try:
        for minute in (0, 1, 2):
            with other.session() as session:
                login(session, "county_reporter", "wrong", "10.0.0.7", POLICY, T0 + timedelta(minutes=minute))
    finally:
        other.dispose()
    assert not _login(db, PASSWORD, 3).ok


# ---------------------------------------------------------------- the commands


def _cli(url: str, *args: str, env: dict[str, str] | None = None, given: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", url, *args], env=env, input=given)
    return result.exit_code, result.output


def test_user_add_takes_the_password_from_the_environment_or_asks_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    code, out = _cli(url, "user", "add", "qian", "--role", "reviewer", "--region", "示例市",
                     env={"PLANSCOPE_PASSWORD": PASSWORD})
    assert code == 0 and "qian" in out and "990100" in out, out
    code, out = _cli(url, "user", "add", "sun", "--role", "viewer", "--region", "示例县",
                     given=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, out
    db = Database(url)
    with db.session() as session:
        assert authenticate(session, "sun", PASSWORD) is not None
    db.dispose()


@pytest.mark.parametrize(("args", "env", "reason"), [
    (("--role", "boss", "--region", "示例县"), {"PLANSCOPE_PASSWORD": PASSWORD}, "unknown role"),
    (("--role", "viewer", "--region", "不存在县"), {"PLANSCOPE_PASSWORD": PASSWORD}, "unknown region"),
    (("--role", "viewer", "--region", "示例县"), {"PLANSCOPE_PASSWORD": "abc"}, "weak password"),
    (("--role", "viewer", "--region", "示例县"), {"PLANSCOPE_PASSWORD": ""}, "the password is empty"),
])
def test_user_add_errors_are_one_line_naming_the_reason(tmp_path: Path, args: tuple[str, ...], env: dict[str, str],
                                                         reason: str) -> None:
    code, out = _cli(f"sqlite:///{tmp_path / 'lib.db'}", "user", "add", "zhou", *args, env=env)
    assert code == 1
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and reason in lines[0] and " / " in lines[0], out


def test_user_set_token_create_and_revoke_at_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    env = {"PLANSCOPE_PASSWORD": PASSWORD}
    assert _cli(url, "user", "add", "wu", "--role", "reporter", "--region", "示例县", env=env)[0] == 0
    code, out = _cli(url, "user", "set", "wu", "--role", "reviewer", "--disable")
    assert code == 0 and "reviewer" in out and "disabled" in out, out
    code, out = _cli(url, "token", "create", "wu")
    token = out.strip().splitlines()[0]
    assert code == 0 and token.startswith("ps_") and len(token) > 40
    code, out = _cli(url, "token", "list")
    assert token[:10] in out and token not in out
    assert _cli(url, "token", "revoke", token[:10])[0] == 0
    code, out = _cli(url, "token", "revoke", token[:10])
    assert code == 1 and "revoked already" in out
    code, out = _cli(url, "user", "list", "--format", "json")
    assert '"active": false' in out and "password" not in out


def test_a_reviewer_acting_with_as_cannot_add_users(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    env = {"PLANSCOPE_PASSWORD": PASSWORD}
    assert _cli(url, "user", "add", "zheng", "--role", "reviewer", "--region", "示例市", env=env)[0] == 0
    code, out = _cli(url, "user", "add", "feng", "--role", "viewer", "--region", "示例县", "--as", "zheng", env=env)
    assert code == 1 and "无权管理用户与令牌" in out, out
    code, out = _cli(url, "user", "add", "feng", "--role", "viewer", "--region", "示例县", "--as", "ghost", env=env)
    assert code == 1 and "no user 'ghost'" in out, out

