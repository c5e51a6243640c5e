#!/usr/bin/env bash
# A CI script that speaks only GitLab's REST API v4 (https://docs.gitlab.com/ee/api/rest/): nothing in it knows the
# server is not GitLab. It sets up a group, a project, a bot user with a role and a token, publishes generic
# packages as the bot, lists them with filters and pagination, reads through a deploy token, deletes, and revokes.
#
#   GITLAB_URL=http://localhost:5000 GITLAB_TOKEN=<admin token> tests/Registry.EndToEnd.Tests/Scripts/gitlab-api.sh
#
# Needs bash, curl and python3 (for JSON). Exits non-zero at the first step that does not behave as on GitLab.
set -euo pipefail

api="${GITLAB_URL%/}/api/v4"
admin="PRIVATE-TOKEN: ${GITLAB_TOKEN:?set GITLAB_TOKEN to an administrator token}"
run="$(date +%s)$$"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "gitlab-api script: FAILED: $*" >&2; exit 1; }

# field KEY... reads JSON on stdin and prints the value at that path (numbers index arrays).
field() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]:
    value = value[int(key)] if key.isdigit() else value[key]
print(value if not isinstance(value, bool) else str(value).lower())' "$@"
}

# call METHOD URL [curl args...]: prints the body; fails on any status that is not 2xx.
call() {
  local method=$1 url=$2; shift 2
  local status
  status=$(curl --silent --show-error --request "$method" --output "$work/body" --dump-header "$work/headers" --write-out '%{http_code}' "$@" "$url")
  [[ $status == 2* ]] || fail "$method $url answered $status: $(cat "$work/body")"
  cat "$work/body"
}

# status METHOD URL [curl args...]: prints only the status code.
status() {
  local method=$1 url=$2; shift 2
  curl --silent --request "$method" --output /dev/null --write-out '%{http_code}' "$@" "$url"
}

header() { grep -i "^$1:" "$work/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

expect() { [[ "$2" == "$3" ]] || fail "$1: expected '$3', got '$2'"; }

echo "1. group, project, user, member, token"
group_id=$(call POST "$api/groups" --header "$admin" --data "name=CI $run&path=ci-$run&visibility=private" | field id)
project_id=$(call POST "$api/projects" --header "$admin" --data "name=tools&namespace_id=$group_id" | field id)
user_id=$(call POST "$api/users" --header "$admin" --data "username=bot-$run&name=Release bot&email=bot-$run@example.com&password=unused-$run" | field id)
call POST "$api/projects/$project_id/members" --header "$admin" --data "user_id=$user_id&access_level=30" >/dev/null
call POST "$api/users/$user_id/personal_access_tokens" --header "$admin" \
  --data "name=ci&scopes[]=api&expires_at=2099-12-31" > "$work/token.json"
bot="PRIVATE-TOKEN: $(field token < "$work/token.json")"
token_id=$(field id < "$work/token.json")
expect "role" "$(call GET "$api/user" --header "$bot" | field username)" "bot-$run"

echo "2. publish generic packages as the bot"
head -c 4096 /dev/urandom > "$work/tool.bin"
for i in $(seq 0 24); do
  call PUT "$api/projects/$project_id/packages/generic/tool/1.0.$i/tool.bin" --header "$bot" --upload-file "$work/tool.bin" >/dev/null
done
call PUT "$api/projects/$project_id/packages/generic/other/2.0.0/other.bin" --header "$bot" --upload-file "$work/tool.bin" >/dev/null
expect "duplicate name/version allowed by default" \
  "$(status PUT "$api/projects/$project_id/packages/generic/other/2.0.0/other.bin" --header "$bot" --upload-file "$work/tool.bin")" "201"

echo "3. list with filters and pagination"
call GET "$api/projects/$project_id/packages?package_type=generic&package_name=tool&order_by=version&sort=asc&per_page=10&page=2" --header "$bot" > "$work/page.json"
expect "X-Total" "$(header X-Total)" "25"
expect "X-Total-Pages" "$(header X-Total-Pages)" "3"
expect "X-Page" "$(header X-Page)" "2"
expect "X-Next-Page" "$(header X-Next-Page)" "3"
expect "page size" "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' < "$work/page.json")" "10"
next=$(header Link | tr ',' '\n' | grep 'rel="next"' | sed -e 's/.*<\(.*\)>.*/\1/')
call GET "$next" --header "$bot" > "$work/last.json"
expect "Link next page" "$(header X-Page)" "3"
expect "last page size" "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' < "$work/last.json")" "5"
call GET "$api/groups/$group_id/packages?per_page=100" --header "$bot" >/dev/null
expect "group listing" "$(header X-Total)" "26"
expect "bad order_by" "$(status GET "$api/projects/$project_id/packages?order_by=size" --header "$bot")" "400"

echo "4. a deploy token reads"
deploy=$(call POST "$api/projects/$project_id/deploy_tokens" --header "$admin" --data "name=reader&scopes[]=read_package_registry" | field token)
curl --silent --fail --header "Deploy-Token: $deploy" --output "$work/back.bin" "$api/projects/$project_id/packages/generic/tool/1.0.3/tool.bin"
cmp -s "$work/tool.bin" "$work/back.bin" || fail "downloaded bytes differ"
expect "deploy token cannot write" \
  "$(status PUT "$api/projects/$project_id/packages/generic/tool/9.0.0/tool.bin" --header "Deploy-Token: $deploy" --upload-file "$work/tool.bin")" "403"

echo "5. delete"
first=$(call GET "$api/projects/$project_id/packages?package_name=tool&order_by=version&sort=asc&per_page=1" --header "$bot" | field 0 id)
expect "developer cannot delete" "$(status DELETE "$api/projects/$project_id/packages/$first" --header "$bot")" "403"
call DELETE "$api/projects/$project_id/packages/$first" --header "$admin" >/dev/null
call GET "$api/projects/$project_id/packages?package_name=tool" --header "$bot" >/dev/null
expect "after delete" "$(header X-Total)" "24"
expect "deleted package" "$(status GET "$api/projects/$project_id/packages/$first" --header "$bot")" "404"

echo "6. revoke"
call DELETE "$api/personal_access_tokens/$token_id" --header "$admin" >/dev/null
expect "revoked token" "$(status GET "$api/projects/$project_id/packages" --header "$bot")" "401"

echo "gitlab-api script: all steps passed"
