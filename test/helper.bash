# Loaded by every test file: the programs under test first on PATH, and the
# few assertions we need (bats-assert's names, our own code: no packages).
bats_require_minimum_version 1.5.0

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PATH="$TOP/bin:$PATH"
DATA="$BATS_TEST_DIRNAME/data"
SHARED="$TOP/../shared/data"
export LC_ALL=C TZ=UTC
unset NO_COLOR

# The real logs live outside the project; a lone clone skips their tests.
need_shared() {
	[ -d "$SHARED" ] || skip "no ../shared/data beside the project"
}

# Print expected and actual when they differ, as a unified diff.
_differ() {
	diff -u --label expected --label actual <(printf '%s\n' "$1") <(printf '%s\n' "$2") >&2
	return 1
}

# assert_output [TEXT]: stdout equals TEXT, or stdin when TEXT is absent.
assert_output() {
	local expected
	if [ $# -gt 0 ]; then expected="$1"; else expected="$(cat)"; fi
	[ "$output" = "$expected" ] || _differ "$expected" "$output"
}

# assert_stderr [TEXT]: stderr (run --separate-stderr) equals TEXT or stdin.
assert_stderr() {
	local expected
	if [ $# -gt 0 ]; then expected="$1"; else expected="$(cat)"; fi
	[ "$stderr" = "$expected" ] || _differ "$expected" "$stderr"
}

assert_equal() {
	[ "$1" = "$2" ] || _differ "$2" "$1"
}

# assert_line_count N: stdout has N lines.
assert_line_count() {
	[ "${#lines[@]}" -eq "$1" ] || { echo "expected $1 lines, got ${#lines[@]}" >&2; return 1; }
}

# tsv LINE...: print the lines with each "|" turned into a TAB, so tests
# can write rows readably.
tsv() {
	printf '%s\n' "$@" | tr '|' '\t'
}
