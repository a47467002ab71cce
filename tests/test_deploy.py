"""The production shape: production settings under ``check --deploy``, and the
Dockerfile, docker-compose.yml, deploy/nginx.conf and .env.example checked by
reading them against each other and against the code (no Docker here)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, get_commands, load_command_class
from django.db import connection

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker", "scheduler", "migrate")
ALL_SERVICES = {*APP_SERVICES, "db", "redis", "proxy"}
# What the design promises to configure through the environment (the Stripe keys
# come with the payments app, and with them into .env.example).
DESIGN_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "BASE_DOMAIN",
    "EMAIL_URL",
    "DJANGO_SETTINGS_MODULE",
    "MEDIA_ROOT",
    "MEDIA_ACCEL_REDIRECT_PREFIX",
}
# Read by something other than our settings: gunicorn, and Django itself.
OTHER_PROCESS_VARIABLES = {"WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}
# The settings modules a production process imports.
PRODUCTION_SETTINGS_FILES = ("config/settings/base.py", "config/settings/production.py")


# --- reading the files ---------------------------------------------------------


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def service(name: str) -> dict:
    return compose()["services"][name]


@cache
def env_example() -> dict[str, str]:
    """The variables .env.example sets (uncommented lines)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    return values


@cache
def env_example_documented() -> set[str]:
    """Set or shown commented out with its default (``# NAME=value``)."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


@cache
def settings_variables() -> set[str]:
    names = set()
    for path in PRODUCTION_SETTINGS_FILES:
        text = (ROOT / path).read_text()
        names |= set(re.findall(r"env_(?:str|bool|list|int)\(\s*\"([A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"os\.environ(?:\.get\(|\[)\s*\"([A-Z0-9_]+)\"", text))
    return names


@cache
def compose_variables() -> set[str]:
    text = (ROOT / "docker-compose.yml").read_text()
    return set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))


@dataclass
class Instruction:
    stage: str
    keyword: str
    arguments: str


@cache
def dockerfile() -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.strip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            logical.append(current.strip())
        current = ""
    instructions, stage = [], ""
    for line in logical:
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = arguments.split()
            stage = words[2] if len(words) == 3 and words[1].upper() == "AS" else words[0]
        instructions.append(Instruction(stage, keyword, arguments.strip()))
    return instructions


def stage_instructions(stage: str) -> list[Instruction]:
    return [i for i in dockerfile() if i.stage == stage]


def stages() -> list[str]:
    return [i.stage for i in dockerfile() if i.keyword == "FROM"]


@dataclass
class Directive:
    name: str
    args: list[str]
    children: list[Directive] = field(default_factory=list)

    def all(self, name: str) -> list[Directive]:
        return [d for d in self.children if d.name == name]

    def value(self, name: str) -> list[str] | None:
        found = self.all(name)
        return found[-1].args if found else None


def nginx_tokens(text: str) -> list[str]:
    tokens = re.findall(r"\"[^\"]*\"|'[^']*'|#[^\n]*|[;{}]|[^\s;{}]+", text)
    return [t.strip("\"'") for t in tokens if not t.startswith("#")]


@cache
def nginx() -> Directive:
    tokens = nginx_tokens((ROOT / "deploy/nginx.conf").read_text())
    stack = [Directive("main", [])]
    words: list[str] = []
    for token in tokens:
        if token == ";":
            stack[-1].children.append(Directive(words[0], words[1:]))
            words = []
        elif token == "{":
            block = Directive(words[0], words[1:])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        elif token == "}":
            assert not words, f"unterminated directive {words}"
            stack.pop()
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced braces in deploy/nginx.conf"
    return stack[0]


def nginx_server() -> Directive:
    servers = nginx().all("http")[0].all("server")
    assert len(servers) == 1
    return servers[0]


def nginx_location(prefix: str) -> Directive:
    matches = [loc for loc in nginx_server().all("location") if loc.args == [prefix]]
    assert matches, f"no `location {prefix}` in deploy/nginx.conf"
    return matches[0]


def volumes_of(name: str) -> list[tuple[str, str, str]]:
    """(source, target, mode) of each volume of a service, in short syntax."""
    result = []
    for spec in service(name).get("volumes", []):
        source, target, *mode = spec.split(":")
        result.append((source, target, mode[0] if mode else "rw"))
    return result


def commands_of(name: str) -> list[list[str]]:
    """The command lines a service runs, with ``sh -c "a && b"`` split into a and b."""
    command = service(name).get("command")
    if command is None:
        return []
    argv = shlex.split(command) if isinstance(command, str) else [str(a) for a in command]
    if argv[:2] != ["sh", "-c"]:
        return [argv]
    return [shlex.split(part) for part in re.split(r"&&|;", argv[2]) if part.strip()]


def subprocess_env(**variables: str) -> dict[str, str]:
    """Only what a process needs to run, plus the given variables: nothing of this test run."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**base, **variables}


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for a connection; a Unix socket directory goes percent-encoded in the host."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    host = quote(settings_dict["HOST"] or "localhost", safe="")
    port = settings_dict["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def production_env(**overrides: str) -> dict[str, str]:
    """.env.example with a real secret key and a database URL that nothing connects to."""
    values = {
        **env_example(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://nobody@db.invalid:5432/nothing",
        **overrides,
    }
    return subprocess_env(**{k: v for k, v in values.items() if v is not None})


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# --- production settings --------------------------------------------------------


@pytest.mark.django_db
def test_check_deploy_is_clean_with_the_example_environment():
    env = production_env(DATABASE_URL=database_url(connection.settings_dict))
    result = run(
        ["manage.py", "check", "--deploy", "--database", "default", "--fail-level", "WARNING"],
        env,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in output


def test_production_settings_import_with_the_example_environment():
    code = (
        "from config.settings import production as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER[0], "
        "s.MEDIA_ACCEL_REDIRECT_PREFIX, s.DATABASES['default']['HOST'])"
    )
    result = run(["-c", code], production_env())
    assert result.returncode == 0, result.stderr
    prefix = env_example()["MEDIA_ACCEL_REDIRECT_PREFIX"]
    expected = ["False", "True", "HTTP_X_FORWARDED_PROTO", prefix, "db.invalid"]
    assert result.stdout.split() == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", None),
        ("SECRET_KEY", "too-short-to-be-a-key"),
        # The placeholder in .env.example must never be accepted as a key.
        ("SECRET_KEY", "from .env.example"),
        ("ALLOWED_HOSTS", None),
        ("ALLOWED_HOSTS", " , "),
        ("DATABASE_URL", None),
    ],
)
def test_production_refuses_to_start_without(variable, value):
    if value == "from .env.example":
        value = env_example()[variable]
    result = run(["-c", "import config.settings.production"], production_env(**{variable: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable} must be set" in result.stderr


# --- Dockerfile -------------------------------------------------------------------


def test_dockerfile_builds_the_app_on_python_311_slim_as_a_non_root_user():
    first = dockerfile()[0]
    assert first.keyword == "FROM" and first.arguments.startswith("python:3.11-slim ")
    app = first.stage
    # The default target is the last stage; it must be the app itself.
    assert dockerfile()[-1].keyword == "FROM" and dockerfile()[-1].arguments.split()[0] == app
    users = [i.arguments for i in stage_instructions(app) if i.keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert any(i.keyword == "EXPOSE" and i.arguments == "8000" for i in stage_instructions(app))


def test_dockerfile_installs_the_dependencies_from_pyproject():
    copies = [i.arguments.split() for i in stage_instructions("app") if i.keyword == "COPY"]
    pyproject = next(c for c in copies if c[0] == "pyproject.toml")
    runs = " ".join(i.arguments for i in stage_instructions("app") if i.keyword == "RUN")
    assert f"pip install {pyproject[-1].rstrip('/')}" in runs


def test_dockerfile_copies_only_files_that_exist_and_leaves_out_local_state():
    for instruction in dockerfile():
        if instruction.keyword not in {"COPY", "ADD"} or "--from=" in instruction.arguments:
            continue
        *sources, _target = instruction.arguments.split()
        for source in sources:
            exists = (ROOT / source).exists() or any(ROOT.glob(source))
            assert exists, f"Dockerfile copies {source}, which does not exist"
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", "var", ".env", ".git"} <= ignored
    assert "pyproject.toml" not in ignored


def dockerfile_cmd() -> list[str]:
    cmds = [i.arguments for i in stage_instructions("app") if i.keyword == "CMD"]
    return json.loads(cmds[-1])


def test_gunicorn_runs_the_wsgi_app_in_one_threaded_sync_workers():
    from gunicorn.config import Config

    cmd = dockerfile_cmd()
    assert cmd[0] == "gunicorn"
    options = Config().parser().parse_args(cmd[1:])
    assert options.args == ["config.wsgi:application"]
    assert options.worker_class in {None, "sync"}
    assert options.threads in {None, 1}
    assert options.bind == ["0.0.0.0:8000"]
    assert (ROOT / "config" / "wsgi.py").read_text().count("application = ") == 1


def test_static_files_collect_at_build_time_without_a_database(tmp_path):
    """Runs the Dockerfile's collectstatic step, with its values, on a copy of the code."""
    step = next(
        i.arguments
        for i in stage_instructions("app")
        if i.keyword == "RUN" and "collectstatic" in i.arguments
    )
    build_env = dict(re.findall(r"\b([A-Z_]+)=(\S+)", step.split("&&")[0]))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= build_env.keys()
    env_lines = " ".join(i.arguments for i in dockerfile() if i.keyword == "ENV")
    image_env = dict(re.findall(r"\b([A-Z_]+)=(\S+)", env_lines))
    assert image_env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"

    copy = tmp_path / "app"
    local_state = (".git", ".venv", "var", "__pycache__", ".*_cache", "node_modules")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*local_state))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=copy,
        env=subprocess_env(**image_env, **build_env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (copy / "var" / "static" / "staticfiles.json").is_file()


# --- docker-compose.yml -------------------------------------------------------------


def test_compose_has_the_production_services():
    assert ALL_SERVICES <= set(compose()["services"])
    assert service("db")["image"].startswith("postgres:16")
    assert service("redis")["image"].startswith("redis:7")


def test_compose_builds_its_images_from_this_dockerfile():
    for name in (*APP_SERVICES, "proxy"):
        build = service(name)["build"]
        assert (ROOT / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).is_file()
        assert build["target"] in stages()
    assert service("proxy")["build"]["target"] == "proxy"
    assert all(service(name)["build"]["target"] == "web" for name in APP_SERVICES)


def test_app_services_read_the_environment_from_the_file_that_env_example_documents():
    for name in APP_SERVICES:
        env_file = service(name)["env_file"]
        assert env_file in (".env", [".env"])
    assert (ROOT / ".env.example").is_file()
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def manage_py_commands() -> list[tuple[str, list[str]]]:
    found = []
    for name in compose()["services"]:
        for argv in commands_of(name):
            if argv[:2] == ["python", "manage.py"]:
                found.append((argv[2], argv[3:]))
            else:
                assert "manage.py" not in argv, f"{name} runs manage.py unusually: {argv}"
    return found


def test_compose_runs_only_real_management_commands_with_valid_arguments():
    commands = get_commands()
    found = manage_py_commands()
    assert {"migrate_schemas", "ensure_network", "db_worker", "scheduler"} <= {n for n, _ in found}
    for name, args in found:
        assert name in commands, f"docker-compose.yml runs `manage.py {name}`, which does not exist"
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        try:
            parser.parse_args(args)
        except CommandError as exc:
            pytest.fail(f"`manage.py {name} {' '.join(args)}`: {exc}")


def test_the_worker_takes_every_queue_without_autoreload():
    (argv,) = commands_of("worker")
    parser = load_command_class(get_commands()["db_worker"], "db_worker").create_parser(
        "manage.py", "db_worker"
    )
    options = parser.parse_args(argv[3:])
    assert options.queue_name == "*"
    assert options.reload is False


def test_migrations_run_once_before_anything_serves():
    assert [argv[2] for argv in commands_of("migrate")] == ["migrate_schemas", "ensure_network"]
    assert service("migrate")["restart"] == "no"
    assert service("migrate")["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in service("db")
    for name in ("web", "worker", "scheduler"):
        condition = service(name)["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_web_serves_the_default_command_and_is_checked_on_healthz():
    web = service("web")
    assert "command" not in web  # the Dockerfile's gunicorn
    check = " ".join(web["healthcheck"]["test"])
    assert "/healthz" in check and ":8000" in check
    assert service("proxy")["depends_on"]["web"]["condition"] == "service_healthy"


def test_depends_on_volumes_and_mounted_files_exist():
    services = compose()["services"]
    declared = set(compose().get("volumes") or {})
    for name, spec in services.items():
        assert set(spec.get("depends_on", {})) <= set(services), name
        for source, _target, _mode in volumes_of(name):
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name} mounts {source}, which does not exist"
            else:
                assert source in declared, f"{name} uses volume {source}, not declared"


def test_media_volume_is_written_by_the_app_and_read_by_the_proxy():
    media_root = env_example()["MEDIA_ROOT"]
    web_media = [v for v in volumes_of("web") if v[1] == media_root]
    assert web_media and web_media[0][2] == "rw"
    volume = web_media[0][0]
    proxy_media = [v for v in volumes_of("proxy") if v[0] == volume]
    assert proxy_media and proxy_media[0][2] == "ro"
    alias = nginx_location(env_example()["MEDIA_ACCEL_REDIRECT_PREFIX"]).value("alias")
    assert alias == [proxy_media[0][1].rstrip("/") + "/"]


def test_proxy_uses_the_nginx_config_of_the_repository():
    mounts = {target: source for source, target, _ in volumes_of("proxy")}
    assert mounts["/etc/nginx/nginx.conf"] == "./deploy/nginx.conf"


# --- .env.example --------------------------------------------------------------------


def test_env_example_documents_every_variable():
    documented = env_example_documented()
    assert settings_variables() - documented == set()
    assert DESIGN_VARIABLES - documented == set()
    assert compose_variables() - documented == set()


def test_env_example_names_only_variables_that_something_reads():
    known = settings_variables() | compose_variables() | OTHER_PROCESS_VARIABLES
    assert env_example_documented() - known == set()


def test_env_example_holds_placeholders_not_secrets():
    values = env_example()
    assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert values["SECRET_KEY"] == "change-me"
    assert values["POSTGRES_PASSWORD"] == "change-me"
    assert urlsplit(values["DATABASE_URL"]).password == values["POSTGRES_PASSWORD"]
    assert urlsplit(values["EMAIL_URL"]).password == "change-me"


# --- deploy/nginx.conf ------------------------------------------------------------------


def test_nginx_serves_media_only_after_the_app_checked_the_host():
    prefix = env_example()["MEDIA_ACCEL_REDIRECT_PREFIX"]
    media = nginx_location(prefix)
    assert media.all("internal"), "the X-Accel-Redirect location must be internal"
    media_dir = media.value("alias")[0]
    others = [loc for loc in nginx_server().all("location") if loc is not media]
    for location in others:
        for directive in ("alias", "root"):
            path = location.value(directive)
            assert not path or not path[0].startswith(media_dir), location.args
    # /media/ itself goes to the app, which checks the tenant.
    assert settings.MEDIA_URL not in [loc.args[-1] for loc in others]


def test_nginx_sends_every_host_to_web_with_host_and_scheme():
    server = nginx_server()
    assert "default_server" in server.value("listen")
    assert server.value("server_name") == ["_"]
    root = nginx_location("/")
    target = root.value("proxy_pass")[0]
    if target.startswith("$"):
        (assignment,) = [s.args for s in root.all("set") if s.args[0] == target]
        target = assignment[1]
    assert target == "http://web:8000"
    headers = {d.args[0].lower(): d.args[1] for d in root.all("proxy_set_header")}
    assert headers["host"] in {"$host", "$http_host"}
    assert "x-forwarded-proto" in headers


def test_nginx_limits_upload_size_sanely():
    (size,) = nginx_server().value("client_max_body_size")
    megabytes = int(size.lower().removesuffix("m"))
    assert 10 <= megabytes <= 200


def test_nginx_serves_the_static_files_of_the_proxy_image():
    (alias,) = nginx_location(settings.STATIC_URL).value("alias")
    copies = [i.arguments.split() for i in stage_instructions("proxy") if i.keyword == "COPY"]
    static_root = "/app/" + str(Path(settings.STATIC_ROOT).relative_to(ROOT))
    assert ["--from=app", static_root, alias.rstrip("/")] in copies


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_config(tmp_path):
    result = subprocess.run(
        [
            shutil.which("nginx"),
            "-t",
            "-c",
            str(ROOT / "deploy" / "nginx.conf"),
            "-g",
            f"pid {tmp_path / 'nginx.pid'};",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
