#!/usr/bin/env bats
# The manuals: lint-clean, in step with --help, and their EXAMPLES run.

load helper

# Lint with mandoc when it is installed, else with groff (which exits 0 even
# when it warns, so its stderr must be empty).
lint() {
	if command -v mandoc >/dev/null; then
		mandoc -Tlint -W warning "$1"
	else
		local msgs
		msgs=$(groff -mdoc -ww -z "$1" 2>&1) || return 1
		[ -z "$msgs" ] || { echo "$msgs"; return 1; }
	fi
}

# The long options a program's --help lists, one per line, sorted.
help_options() {
	"$1" --help | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# The long options its man page documents (".It Fl x , -long").
man_options() {
	grep -o '^\.It Fl [A-Za-z] , -[a-z][a-z-]*' "$1" | sed 's/.* -/--/' | sort -u
}

# The EXAMPLES commands of a man page that use the bundled examples: lines
# "$ cmd" in literal displays, with continuation lines joined.
examples_of() {
	awk '/^\.Sh EXAMPLES/ { on = 1; next } /^\.Sh / { on = 0 }
	    on && /^\$ / { cmd = substr($0, 3); more = cmd ~ /(\||\\e)$/; next }
	    on && more { cmd = cmd " " $0; more = $0 ~ /(\||\\e)$/; next }
	    on && cmd != "" { print cmd; cmd = "" }
	    END { if (cmd != "") print cmd }' "$1" |
	    sed 's/\\e$//; s/ \\e / /g; s/\\e/\\/g' | grep 'examples/'
}

@test "every man page is lint-clean" {
	for page in "$TOP"/man/*.[157]; do
		run lint "$page"
		[ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$page: $output"; false; }
	done
}

@test "every program has a man page, and every option is in both --help and the page" {
	for prog in "$TOP"/bin/cop-*; do
		name=${prog##*/}
		page="$TOP/man/$name.1"
		[ -f "$page" ] || { echo "no $page"; false; }
		run diff <(help_options "$prog") <(man_options "$page")
		[ "$status" -eq 0 ] || { echo "$name: --help vs man page:"; echo "$output"; false; }
	done
}

@test "every EXAMPLES command that uses examples/ runs and prints something" {
	cd "$TOP"
	for page in man/*.[157]; do
		while IFS= read -r cmd; do
			run -0 sh -c "$cmd"
			[ -n "$output" ] || { echo "$page: no output from: $cmd"; false; }
		done < <(examples_of "$page")
	done
}
