#!/usr/bin/env python3
"""A set-up script written for GitLab with python-gitlab, unchanged: nothing in it knows the server is not GitLab.

It creates a user, a group with a subgroup, a project, members, deploy tokens and a personal access token; publishes
generic packages as the new user; lists, reads and deletes packages; revokes tokens; publishes with a project access
token and revokes it; and deletes the project, the user and the group, checking each step through the API as a GitLab admin would.

    GITLAB_URL=http://localhost:5000 GITLAB_TOKEN=<admin token> python3 python-gitlab-setup.py

Needs python-gitlab (Debian's python3-gitlab, 3.12) and the requests library it depends on.
Exits non-zero at the first step that does not behave as on GitLab.
"""

import os
import sys
import tempfile
import time

import gitlab
import requests

URL = os.environ["GITLAB_URL"].rstrip("/")
TOKEN = os.environ["GITLAB_TOKEN"]
RUN = f"{int(time.time())}{os.getpid()}"
# The CA of a test server on https, when there is one.
VERIFY = os.environ.get("REQUESTS_CA_BUNDLE", True)


def step(text):
    print(f"python-gitlab script: {text}", flush=True)


def expect(what, actual, expected):
    if actual != expected:
        raise SystemExit(f"python-gitlab script: FAILED: {what}: expected {expected!r}, got {actual!r}")


def expect_error(what, error_type, code, call):
    try:
        call()
    except error_type as error:
        expect(f"{what} status", error.response_code, code)
        return error
    raise SystemExit(f"python-gitlab script: FAILED: {what}: expected {error_type.__name__} {code}, got success")


def main():
    admin = gitlab.Gitlab(URL, private_token=TOKEN, ssl_verify=VERIFY)
    admin.auth()
    version, _ = admin.version()
    if version == "unknown":
        raise SystemExit("python-gitlab script: FAILED: /version did not parse")
    step(f"signed in as {admin.user.username}, server version {version}")

    step("1. a user, found by user name")
    bot = admin.users.create({
        "username": f"py-bot-{RUN}",
        "name": "Python bot",
        "email": f"py-bot-{RUN}@example.com",
        "password": f"unused-{RUN}-password",
    })
    expect("user lookup", [u.id for u in admin.users.list(username=bot.username)], [bot.id])
    expect("user get", admin.users.get(bot.id).username, bot.username)

    step("2. a group with a subgroup")
    top = admin.groups.create({"name": f"Py {RUN}", "path": f"py-{RUN}", "visibility": "private"})
    sub = admin.groups.create({"name": "Libraries", "path": "libs", "parent_id": top.id})
    expect("subgroup path", sub.full_path, f"py-{RUN}/libs")
    expect("subgroups", [g.id for g in top.subgroups.list()], [sub.id])
    expect("descendant groups", [g.id for g in top.descendant_groups.list()], [sub.id])
    taken = expect_error("taken group path", gitlab.exceptions.GitlabCreateError, 400,
                         lambda: admin.groups.create({"name": "Again", "path": "libs", "parent_id": top.id}))
    expect("validation message", taken.error_message, {"path": ["has already been taken"]})

    step("3. a project in the subgroup")
    project = admin.projects.create({"name": "widget", "namespace_id": sub.id})
    expect("project path", project.path_with_namespace, f"py-{RUN}/libs/widget")
    expect("group projects with subgroups", [p.id for p in top.projects.list(include_subgroups=True)], [project.id])
    expect("group projects without subgroups", top.projects.list(), [])
    expect("subgroup projects", [p.id for p in sub.projects.list()], [project.id])
    expect_error("unknown project", gitlab.exceptions.GitlabGetError, 404, lambda: admin.projects.get(f"py-{RUN}/nothing"))

    step("4. members")
    member = project.members.create({"user_id": bot.id, "access_level": 30})
    expect("member role", member.access_level, 30)
    expect("project members", [(m.username, m.access_level) for m in project.members.list()], [(bot.username, 30)])
    member = project.members.get(bot.id)
    member.access_level = 40
    member.save()
    expect("changed role", project.members.get(bot.id).access_level, 40)
    inherited = {m.username: m.access_level for m in project.members_all.list()}
    expect("inherited owner", inherited.get(admin.user.username), 50)
    expect("direct maintainer", inherited.get(bot.username), 40)
    expect("group members", [(m.username, m.access_level) for m in top.members.list()], [(admin.user.username, 50)])

    step("5. a personal access token for the user")
    pat = bot.personal_access_tokens.create({"name": "ci", "scopes": ["api"], "expires_at": "2099-12-31"})
    as_bot = gitlab.Gitlab(URL, private_token=pat.token, ssl_verify=VERIFY)
    as_bot.auth()
    expect("token user", as_bot.user.username, bot.username)
    expect("the user's tokens", [t.id for t in admin.personal_access_tokens.list(user_id=bot.id)], [pat.id])
    expect("own tokens", [(t.id, t.active, t.revoked) for t in as_bot.personal_access_tokens.list()], [(pat.id, True, False)])

    step("6. deploy tokens")
    deploy = project.deploytokens.create({"name": "deploy", "scopes": ["read_package_registry"]})
    listed = project.deploytokens.list()
    expect("deploy tokens", [(t.id, t.name, t.revoked) for t in listed], [(deploy.id, "deploy", False)])
    if any(hasattr(t, "token") for t in listed):
        raise SystemExit("python-gitlab script: FAILED: a deploy token listing shows the token")
    expect("deploy token get", project.deploytokens.get(deploy.id).username, deploy.username)
    group_deploy = top.deploytokens.create({"name": "group-deploy", "scopes": ["read_package_registry", "write_package_registry"]})
    expect("group deploy tokens", [t.id for t in top.deploytokens.list()], [group_deploy.id])

    step("7. publish generic packages as the user, download with the deploy token")
    bot_project = as_bot.projects.get(project.id)
    payload = os.urandom(4096)
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "tool.bin")
        with open(path, "wb") as f:
            f.write(payload)
        for version in ("1.0.0", "1.1.0"):
            uploaded = bot_project.generic_packages.upload(package_name="tool", package_version=version, file_name="tool.bin", path=path)
            expect("upload message", uploaded.message, "201 Created")
        bot_project.generic_packages.upload(package_name="other", package_version="2.0.0", file_name="other.bin", path=path)
    expect("download as the user", bot_project.generic_packages.download(package_name="tool", package_version="1.0.0", file_name="tool.bin"), payload)
    download = f"{URL}/api/v4/projects/{project.id}/packages/generic/tool/1.0.0/tool.bin"
    response = requests.get(download, headers={"DEPLOY-TOKEN": deploy.token}, verify=VERIFY, timeout=60)
    expect("download with the deploy token", (response.status_code, response.content), (200, payload))

    step("8. list, read and delete packages")
    tools = project.packages.list(package_name="tool", order_by="version", sort="asc")
    expect("package listing", [(p.name, p.version, p.package_type) for p in tools], [("tool", "1.0.0", "generic"), ("tool", "1.1.0", "generic")])
    package = project.packages.get(tools[0].id)
    expect("package files", [f.file_name for f in package.package_files.list()], ["tool.bin"])
    expect("group listing", sorted(p.name for p in top.packages.list()), ["other", "tool", "tool"])
    project.packages.delete(tools[0].id)
    expect("after delete", [p.version for p in project.packages.list(package_name="tool")], ["1.1.0"])
    expect_error("deleted package", gitlab.exceptions.GitlabGetError, 404, lambda: project.packages.get(tools[0].id))

    step("9. revoke the deploy token and a personal token")
    project.deploytokens.delete(deploy.id)
    response = requests.get(download.replace("1.0.0", "1.1.0"), headers={"DEPLOY-TOKEN": deploy.token}, verify=VERIFY, timeout=60)
    if response.status_code not in (401, 403, 404):
        raise SystemExit(f"python-gitlab script: FAILED: a revoked deploy token answered {response.status_code}")
    spare = bot.personal_access_tokens.create({"name": "spare", "scopes": ["read_api"]})
    admin.personal_access_tokens.delete(spare.id)
    expect_error("revoked token", gitlab.exceptions.GitlabAuthenticationError, 401,
                 lambda: gitlab.Gitlab(URL, private_token=spare.token, ssl_verify=VERIFY).auth())

    step("9b. project and group access tokens: a bot that publishes until its token is revoked")
    ci = project.access_tokens.create({"name": "project-ci", "scopes": ["api"], "access_level": 30, "expires_at": "2099-12-31"})
    expect("access token role", (ci.access_level, ci.scopes, ci.active), (30, ["api"], True))
    listed = project.access_tokens.list()
    expect("project access tokens", [(t.id, t.name, t.user_id) for t in listed], [(ci.id, "project-ci", ci.user_id)])
    if any(hasattr(t, "token") for t in listed):
        raise SystemExit("python-gitlab script: FAILED: an access token listing shows the token")
    as_ci = gitlab.Gitlab(URL, private_token=ci.token, ssl_verify=VERIFY)
    as_ci.auth()
    expect("bot user", (as_ci.user.id, as_ci.user.bot), (ci.user_id, True))
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "ci.bin")
        with open(path, "wb") as f:
            f.write(payload)
        uploaded = as_ci.projects.get(project.id).generic_packages.upload(package_name="ci-tool", package_version="1.0.0", file_name="ci.bin", path=path)
    expect("upload as the bot", uploaded.message, "201 Created")
    project.access_tokens.delete(ci.id)
    expect_error("revoked access token", gitlab.exceptions.GitlabAuthenticationError, 401, as_ci.auth)
    group_ci = top.access_tokens.create({"name": "group-ci", "scopes": ["read_api"], "access_level": 20})
    expect("group access tokens", [(t.id, t.access_level) for t in top.access_tokens.list()], [(group_ci.id, 20)])
    top.access_tokens.delete(group_ci.id)

    step("10. delete the project: its packages and its bots go with it")
    admin.projects.delete(project.id)
    expect_error("deleted project", gitlab.exceptions.GitlabGetError, 404, lambda: admin.projects.get(project.id))
    expect("group listing after the project delete", top.packages.list(), [])
    expect_error("deleted project's bot", gitlab.exceptions.GitlabGetError, 404, lambda: admin.users.get(ci.user_id))

    step("11. delete the user: their token stops working")
    admin.users.delete(bot.id)
    expect_error("deleted user", gitlab.exceptions.GitlabGetError, 404, lambda: admin.users.get(bot.id))
    expect_error("deleted user's token", gitlab.exceptions.GitlabAuthenticationError, 401, as_bot.auth)

    step("12. delete the group with its subgroup")
    admin.groups.delete(top.id)
    expect_error("deleted group", gitlab.exceptions.GitlabGetError, 404, lambda: admin.groups.get(sub.id))
    unknown = expect_error("unknown route", gitlab.exceptions.GitlabHttpError, 404, lambda: admin.http_get("/no_such_api"))
    expect("unknown route message", unknown.error_message, "404 Not Found")

    print("python-gitlab script: all steps passed")


if __name__ == "__main__":
    try:
        main()
    except gitlab.exceptions.GitlabError as error:
        print(f"python-gitlab script: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
