# shellcheck shell=bash
# start_xvfb DIR: starts a private X server (Xvfb picks a free display number and says so once it
# is ready, through -displayfd), exports DISPLAY, and sets XVFB_PID; its log is DIR/xvfb.log.
# Returns 1 when it did not start.
start_xvfb() {
	local dir=$1
	exec 3>"$dir/display"
	Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x900x24 >"$dir/xvfb.log" 2>&1 &
	XVFB_PID=$!
	exec 3>&-
	for _ in $(seq 1 50); do
		[ -s "$dir/display" ] && break
		kill -0 "$XVFB_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -s "$dir/display" ] || return 1
	DISPLAY=":$(tr -dc '0-9' <"$dir/display")"
	export DISPLAY
}
