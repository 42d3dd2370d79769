#!/usr/bin/env bats
# cop-classify: levels of participation. Answers below are worked out by hand
# from the definitions in man/cop-classify.1.

load helper

@test "a single event makes its member core in the stream" {
	run -0 cop-classify <(tsv 'time|member' '2024-03-05|ann')
	assert_output "$(tsv 'time|member|level' '2024-03-05|ann|core')"
}

@test "a core member stays core while within the active share (hysteresis)" {
	# W01: ann 1, bob 1 (tie, both within the top half) -> core, core.
	# W02: window ann 2, bob 1 of 3. ann: share before 0 < 1.5 -> core.
	# bob: share before 2 >= 1.5, so not in the top half, but < 2.4 (80 %);
	# he was core and is active in 1 of 2 weeks >= ceil(0.25 * 2): core.
	run -0 cop-classify -s <(tsv 'time|member|action' \
		'2024-01-01|ann|post' '2024-01-02|bob|reply' '2024-01-09|ann|post')
	assert_output "$(tsv \
		'member|level|events|active_periods|first_seen|last_seen|share|regularity|trajectory' \
		'ann|core|2|2|2024-01-01T00:00:00Z|2024-01-09T00:00:00Z|0.667|1.000|core' \
		'bob|core|1|1|2024-01-02T00:00:00Z|2024-01-02T00:00:00Z|0.333|0.500|core')"
}

@test "a bad time names file, line and column" {
	tsv 'time|member' '2024-01-01|ann' '2024-13-01|bob' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2024-13-01\""
}
