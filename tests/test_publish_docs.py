"""The CI pipelines and deployment guides: valid files, the README's commands, true advice."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO, article
from test_fingerprint import HASHED_ASSETS, THEME

WORKFLOW = REPO / ".github/workflows/publish.yml"
GUIDES = REPO / "docs/deploy"
# The README's commands, and nothing else, install, check and build the site in CI.
INSTALL, CHECK, BUILD = "pip install -e .", "python build.py check --strict", "python build.py"


def code_block(markdown: str, language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", markdown, re.S)
    assert len(blocks) == 1, f"expected one {language} block"
    return blocks[0]


def steps_by_name(job: dict) -> dict[str, dict]:
    return {step["name"]: step for step in job["steps"]}


def test_workflow_publishes_main_and_previews_pull_requests():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers and "schedule" in triggers
    assert workflow["permissions"] == {"contents": "read"}

    build = workflow["jobs"]["build"]
    steps = build["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[1]["uses"].startswith("actions/setup-python@")
    assert [s["run"] for s in steps if "run" in s] == [INSTALL, CHECK, BUILD]
    uploads = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    pages = uploads["actions/upload-pages-artifact"]
    assert pages["if"] == "github.event_name != 'pull_request'" and pages["with"]["path"] == "public"
    preview = uploads["actions/upload-artifact"]
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "public"
    # the uploads come after the build
    names = [s.get("run") or s.get("uses") for s in steps]
    assert names.index(BUILD) < names.index(pages["uses"]) and names.index(BUILD) < names.index(preview["uses"])

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy["steps"][0]["id"]


def test_gitlab_ci_equivalent_in_the_docs():
    ci = yaml.safe_load(code_block((GUIDES / "gitlab-pages.md").read_text(encoding="utf-8"), "yaml"))
    assert ci["before_script"] == [INSTALL, CHECK]
    pages, preview = ci["pages"], ci["preview"]
    assert pages["script"] == [BUILD] and preview["script"] == [BUILD]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert preview["artifacts"]["paths"] == ["public/"] and preview["artifacts"]["expose_as"]


def test_netlify_configuration_in_the_docs():
    config = tomllib.loads(code_block((GUIDES / "netlify.md").read_text(encoding="utf-8"), "toml"))
    assert config["build"]["command"] == " && ".join([INSTALL, CHECK, BUILD])
    assert config["build"]["publish"] == "public"
    rules = {h["for"]: h["values"]["Cache-Control"] for h in config["headers"]}
    assert rules == {"/assets/*.css": "public, max-age=31536000, immutable",
                     "/assets/*.js": "public, max-age=31536000, immutable", "/sw.js": "no-cache"}


def test_every_host_has_a_guide():
    guides = {p.name for p in GUIDES.glob("*.md")}
    assert {"README.md", "github-pages.md", "gitlab-pages.md", "netlify.md", "web-server.md", "s3.md",
            "usb.md"} <= guides
    index = (GUIDES / "README.md").read_text(encoding="utf-8")
    for guide in guides - {"README.md"}:
        assert f"]({guide})" in index


def test_cache_rules_in_the_guides_match_hashed_names_only(make_site, build_site):
    """The regexes given for nginx and Apache pick out exactly the files Loa hashes."""
    public = build_site(make_site({**THEME, "content/articles/b.md": article("Bài hai")},
                                  config="title: Trang thử\noutput: {precompress: true}\n"))
    served = ["/" + p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()]
    hashed = {p for p in served if re.search(r"/assets/.+\.[0-9a-f]{8}\.(css|js)$", p)}
    assert {re.sub(r"\.[0-9a-f]{8}\.", ".", p) for p in hashed} == {"/" + a for a in HASHED_ASSETS}

    server = (GUIDES / "web-server.md").read_text(encoding="utf-8")
    nginx = re.search(r'location ~\* "(.+?)" \{\n\s+add_header Cache-Control "public, max-age=31536000, immutable"',
                      code_block(server, "nginx"))[1]
    assert {p for p in served if re.search(nginx, p, re.I)} == hashed
    apache = re.search(r'<FilesMatch "(.+?)">\n\s+Header set Cache-Control "public, max-age=31536000, immutable"',
                       code_block(server, "apache"))[1]
    names = [p.rsplit("/", 1)[1] for p in served]
    hashed_names = {p.rsplit("/", 1)[1] for p in hashed}
    assert {n for n in names if re.search(apache, n)} == {n for n in names if re.sub(r"\.(br|gz)$", "", n) in hashed_names}
    assert any(n.endswith(".css.br") for n in names if re.search(apache, n))
    # the no-cache rules cover every page and the service worker, and no hashed file
    no_cache = re.search(r'location ~\* "(.+?)" \{\n\s+add_header Cache-Control "no-cache"', code_block(server, "nginx"))[1]
    assert {p for p in served if re.search(no_cache, p)} == {p for p in served if p.endswith((".html", "/sw.js"))}


def test_guides_use_the_readme_commands():
    for guide in GUIDES.glob("*.md"):
        text = guide.read_text(encoding="utf-8")
        for command in re.findall(r"python build\.py[^\n`\"&)]*", text):
            command = command.split("#")[0].strip()
            words = command.split()[2:]
            assert not words or words[0] in {"check", "bundle", "--minify"}, (guide.name, command)
        assert "pip install" not in text or INSTALL in text
